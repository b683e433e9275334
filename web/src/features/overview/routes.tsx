import { IconLayoutDashboard } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type NavItem, navItem } from '../../app/nav';

/** The overview, the landing page: its chunk can be loaded before the route renders (see the router). */
export const loadOverview = () => import('./OverviewPage');
const OverviewPage = lazy(loadOverview);

export const overviewRoutes: RouteObject[] = [{ index: true, element: <OverviewPage /> }];

export const overviewNav: NavItem[] = [navItem('/', 'Overview', IconLayoutDashboard)];
