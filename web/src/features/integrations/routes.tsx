import { IconPlugConnected } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

/** The integration hub's pages, each its own chunk. */
const IntegrationsPage = lazy(() => import('./IntegrationsPage'));
const IntegrationPage = lazy(() => import('./IntegrationPage'));

export const integrationRoutes = (guard: Guard): RouteObject[] => [
  listAndDetail(guard, 'integrations', 'integrations:read', <IntegrationsPage />, <IntegrationPage />),
];

export const integrationNav: NavItem[] = [
  navItem('/integrations', 'Integrations', IconPlugConnected, 'integrations:read'),
];
