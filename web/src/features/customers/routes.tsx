import { IconUsers } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { Guard, NavItem } from '../../app/nav';

/** The customers feature's pages, for the router and the navigation. Each page is its own chunk. */
const CustomersPage = lazy(() => import('./CustomersPage'));
const CustomerPage = lazy(() => import('./CustomerPage'));

export const customersRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'customers',
    children: [
      { index: true, element: guard('customers:read', <CustomersPage />) },
      { path: ':id', element: guard('customers:read', <CustomerPage />) },
    ],
  },
];

export const customersNav: NavItem[] = [
  {
    to: '/customers',
    label: 'Customers',
    icon: <IconUsers size={18} aria-hidden />,
    permission: 'customers:read',
  },
];
