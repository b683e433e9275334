import { IconBuildingCottage } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

/** The models feature's pages, for the router and the navigation. Each page is its own chunk. */
const ModelsPage = lazy(() => import('./ModelsPage'));
const ModelPage = lazy(() => import('./ModelPage'));

export const modelsRoutes = (guard: Guard): RouteObject[] => [
  listAndDetail(guard, 'models', 'catalog:read', <ModelsPage />, <ModelPage />),
];

export const modelsNav: NavItem[] = [navItem('/models', 'Models', IconBuildingCottage, 'catalog:read')];
