import { IconClipboardList } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

/** The orders feature's pages, for the router and the navigation. Each page is its own chunk. */
const OrdersPage = lazy(() => import('./OrdersPage'));
const OrderPage = lazy(() => import('./OrderPage'));

export const ordersRoutes = (guard: Guard): RouteObject[] => [
  listAndDetail(guard, 'orders', 'orders:read', <OrdersPage />, <OrderPage />),
];

export const ordersNav: NavItem[] = [navItem('/orders', 'Orders', IconClipboardList, 'orders:read')];
