import { IconUsers } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

/** The customers feature's pages, for the router and the navigation. Each page is its own chunk. */
const CustomersPage = lazy(() => import('./CustomersPage'));
const CustomerPage = lazy(() => import('./CustomerPage'));

export const customersRoutes = (guard: Guard): RouteObject[] => [
  listAndDetail(guard, 'customers', 'customers:read', <CustomersPage />, <CustomerPage />),
];

export const customersNav: NavItem[] = [navItem('/customers', 'Customers', IconUsers, 'customers:read')];
