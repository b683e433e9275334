import { IconBuildingCottage } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { Guard, NavItem } from '../../app/nav';

/** The models feature's pages, for the router and the navigation. Each page is its own chunk. */
const ModelsPage = lazy(() => import('./ModelsPage'));
const ModelPage = lazy(() => import('./ModelPage'));

export const modelsRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'models',
    children: [
      { index: true, element: guard('catalog:read', <ModelsPage />) },
      { path: ':id', element: guard('catalog:read', <ModelPage />) },
    ],
  },
];

export const modelsNav: NavItem[] = [
  {
    to: '/models',
    label: 'Models',
    icon: <IconBuildingCottage size={18} aria-hidden />,
    permission: 'catalog:read',
  },
];
