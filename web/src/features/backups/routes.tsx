import { IconDatabaseExport, IconFileExport, IconHistory } from '@tabler/icons-react';
import { lazy, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '../../api/types';
import { perm } from './types';

/**
 * The backups feature's pages (backups, restores, exports, time travel), for the router and the
 * navigation. Each page is its own chunk; `guard` wraps a page in the router's permission check.
 */
const BackupsPage = lazy(() => import('./BackupsPage'));
const BackupPage = lazy(() => import('./BackupPage'));
const RestorePage = lazy(() => import('./RestorePage'));
const ExportsPage = lazy(() => import('./ExportsPage'));
const HistoryPage = lazy(() => import('./HistoryPage'));

type Guard = (permission: Permission, page: ReactNode) => ReactNode;

export const backupRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'backups',
    children: [
      { index: true, element: guard(perm('backups:read'), <BackupsPage />) },
      { path: 'restores/:id', element: guard(perm('backups:read'), <RestorePage />) },
      { path: ':id', element: guard(perm('backups:read'), <BackupPage />) },
    ],
  },
  { path: 'exports', element: guard(perm('exports:run'), <ExportsPage />) },
  { path: 'history', element: guard(perm('events:read'), <HistoryPage />) },
];

export const backupNav = [
  {
    to: '/exports',
    label: 'Exports',
    icon: <IconFileExport size={18} aria-hidden />,
    permission: perm('exports:run'),
  },
  {
    to: '/history',
    label: 'Time travel',
    icon: <IconHistory size={18} aria-hidden />,
    permission: perm('events:read'),
  },
  {
    to: '/backups',
    label: 'Backups',
    icon: <IconDatabaseExport size={18} aria-hidden />,
    permission: perm('backups:read'),
  },
];
