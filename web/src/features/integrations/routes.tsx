import { IconKey, IconPlugConnected, IconWebhook } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

/** The integration hub's pages, each its own chunk. */
const IntegrationsPage = lazy(() => import('./IntegrationsPage'));
const IntegrationPage = lazy(() => import('./IntegrationPage'));
const EndpointsPage = lazy(() => import('./EndpointsPage'));
const EndpointPage = lazy(() => import('./EndpointPage'));
const ApiKeysPage = lazy(() => import('./ApiKeysPage'));
const ApiKeyPage = lazy(() => import('./ApiKeyPage'));

export const integrationRoutes = (guard: Guard): RouteObject[] => [
  listAndDetail(guard, 'integrations', 'integrations:read', <IntegrationsPage />, <IntegrationPage />),
  // Outbound webhooks: endpoints the platform sends its events to.
  listAndDetail(guard, 'webhook-endpoints', 'integrations:read', <EndpointsPage />, <EndpointPage />),
  // API keys: third parties calling the platform's API.
  listAndDetail(guard, 'api-keys', 'integrations:read', <ApiKeysPage />, <ApiKeyPage />),
];

export const integrationNav: NavItem[] = [
  navItem('/integrations', 'Integrations', IconPlugConnected, 'integrations:read'),
  navItem('/webhook-endpoints', 'Webhook endpoints', IconWebhook, 'integrations:read'),
  navItem('/api-keys', 'API keys', IconKey, 'integrations:read'),
];
