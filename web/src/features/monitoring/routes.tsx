import {
  IconActivityHeartbeat,
  IconBellRinging,
  IconChartBar,
  IconChartLine,
  IconListSearch,
} from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, type NavItem, navItem } from '../../app/nav';

/** The platform's own health: each page its own chunk. */
const HealthPage = lazy(() => import('./HealthPage'));
const AlertsPage = lazy(() => import('./AlertsPage'));
const AlertPage = lazy(() => import('./AlertPage'));
// Metrics, logs and traces (issue 16: metrics with history).
const MetricsPage = lazy(() => import('./MetricsPage'));
const LogsPage = lazy(() => import('./LogsPage'));
const TracePage = lazy(() => import('./TracePage'));
// Uptime (uptime slice)
const UptimePage = lazy(() => import('./UptimePage'));

export const monitoringRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'monitoring',
    children: [
      { index: true, element: guard('monitoring:read', <HealthPage />) },
      { path: 'alerts', element: guard('monitoring:read', <AlertsPage />) },
      { path: 'alerts/:id', element: guard('monitoring:read', <AlertPage />) },
      { path: 'metrics', element: guard('monitoring:read', <MetricsPage />) },
      { path: 'logs', element: guard('monitoring:read', <LogsPage />) },
      { path: 'traces/:correlationId', element: guard('monitoring:read', <TracePage />) },
      // Uptime (uptime slice)
      { path: 'uptime', element: guard('monitoring:read', <UptimePage />) },
    ],
  },
];

export const monitoringNav: NavItem[] = [
  navItem('/monitoring', 'Health', IconActivityHeartbeat, 'monitoring:read'),
  navItem('/monitoring/alerts', 'Alerts', IconBellRinging, 'monitoring:read'),
  navItem('/monitoring/metrics', 'Metrics', IconChartLine, 'monitoring:read'),
  navItem('/monitoring/logs', 'Logs', IconListSearch, 'monitoring:read'),
  // Uptime (uptime slice)
  navItem('/monitoring/uptime', 'Uptime', IconChartBar, 'monitoring:read'),
];
