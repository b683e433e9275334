import { IconLayoutGrid, IconReportAnalytics } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, type NavItem, navItem } from '../../app/nav';

/** Reports (issue 14): saved reports and templates, a report's page, and the builder in a chunk of its own. */
const ReportsPage = lazy(() => import('./ReportsPage'));
const ReportPage = lazy(() => import('./ReportPage'));
const BuilderPage = lazy(() => import('./builder/BuilderPage'));
const DashboardsPage = lazy(() => import('../dashboards/DashboardsPage'));
const DashboardPage = lazy(() => import('../dashboards/DashboardPage'));

export const reportsRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'reports',
    children: [
      { index: true, element: guard('reports:read', <ReportsPage />) },
      { path: 'new', element: guard('reports:edit', <BuilderPage />) },
      { path: ':id', element: guard('reports:read', <ReportPage />) },
      { path: ':id/edit', element: guard('reports:edit', <BuilderPage />) },
      // Dashboards (issue 14): reports as tiles with shared filters; the Overview is `overview`.
      { path: 'dashboards', element: guard('reports:read', <DashboardsPage />) },
      { path: 'dashboards/new', element: guard('reports:edit', <DashboardPage />) },
      { path: 'dashboards/:id', element: guard('reports:read', <DashboardPage />) },
    ],
  },
];

export const reportsNav: NavItem[] = [
  navItem('/reports', 'Reports', IconReportAnalytics, 'reports:read'),
  navItem('/reports/dashboards', 'Dashboards', IconLayoutGrid, 'reports:read'),
];
