import { IconClipboardList } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { Guard, NavItem } from '../../app/nav';

/** The orders feature's pages, for the router and the navigation. Each page is its own chunk. */
const OrdersPage = lazy(() => import('./OrdersPage'));
const OrderPage = lazy(() => import('./OrderPage'));

export const ordersRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'orders',
    children: [
      { index: true, element: guard('orders:read', <OrdersPage />) },
      { path: ':id', element: guard('orders:read', <OrderPage />) },
    ],
  },
];

export const ordersNav: NavItem[] = [
  {
    to: '/orders',
    label: 'Orders',
    icon: <IconClipboardList size={18} aria-hidden />,
    permission: 'orders:read',
  },
];
