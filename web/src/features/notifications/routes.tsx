import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { Guard } from '../../app/nav';

const NotificationsPage = lazy(() => import('./NotificationsPage'));

/** Everyone's own notifications (the bell in the header opens the newest of them). */
export const notificationRoutes = (guard: Guard): RouteObject[] => [
  { path: 'notifications', element: guard('notifications:read', <NotificationsPage />) },
];
