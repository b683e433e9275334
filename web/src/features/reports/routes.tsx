import { IconReportAnalytics } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, type NavItem, navItem } from '../../app/nav';

/** Reports (issue 14): saved reports and templates, a report's page, and the builder in a chunk of its own. */
const ReportsPage = lazy(() => import('./ReportsPage'));
const ReportPage = lazy(() => import('./ReportPage'));
const BuilderPage = lazy(() => import('./builder/BuilderPage'));

export const reportsRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'reports',
    children: [
      { index: true, element: guard('reports:read', <ReportsPage />) },
      { path: 'new', element: guard('reports:edit', <BuilderPage />) },
      { path: ':id', element: guard('reports:read', <ReportPage />) },
      { path: ':id/edit', element: guard('reports:edit', <BuilderPage />) },
    ],
  },
];

export const reportsNav: NavItem[] = [navItem('/reports', 'Reports', IconReportAnalytics, 'reports:read')];
