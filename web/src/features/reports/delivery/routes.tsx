import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { Guard } from '../../../app/nav';

const DeliveryPage = lazy(() => import('./DeliveryPage'));
const SharedReportPage = lazy(() => import('./SharedReportPage'));

/** A saved report's schedule, runs and sharing: its own page until the report's page takes the panels in. */
export const reportDeliveryRoutes = (guard: Guard): RouteObject[] => [
  { path: 'reports/saved/:id/delivery', element: guard('reports:read', <DeliveryPage />) },
];

/** A share link's page: no session needed. */
export const sharedReportRoutes: RouteObject[] = [{ path: '/shared', element: <SharedReportPage /> }];
