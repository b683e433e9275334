import { IconDatabaseExport, IconFileExport, IconHistory } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, type NavItem, navItem } from '../../app/nav';

/**
 * The backups feature's pages (backups, restores, exports, time travel), for the router and the
 * navigation. Each page is its own chunk; `guard` wraps a page in the router's permission check.
 */
const BackupsPage = lazy(() => import('./BackupsPage'));
const BackupPage = lazy(() => import('./BackupPage'));
const RestorePage = lazy(() => import('./RestorePage'));
const ExportsPage = lazy(() => import('./ExportsPage'));
const HistoryPage = lazy(() => import('./HistoryPage'));

export const backupRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'backups',
    children: [
      { index: true, element: guard('backups:read', <BackupsPage />) },
      { path: 'restores/:id', element: guard('backups:read', <RestorePage />) },
      { path: ':id', element: guard('backups:read', <BackupPage />) },
    ],
  },
  { path: 'exports', element: guard('exports:run', <ExportsPage />) },
  { path: 'history', element: guard('events:read', <HistoryPage />) },
];

export const backupNav: NavItem[] = [
  navItem('/exports', 'Exports', IconFileExport, 'exports:run'),
  navItem('/history', 'Time travel', IconHistory, 'events:read'),
  navItem('/backups', 'Backups', IconDatabaseExport, 'backups:read'),
];
