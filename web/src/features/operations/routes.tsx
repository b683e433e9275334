import {
  IconBuildingFactory2,
  IconBuildingWarehouse,
  IconPackages,
  IconShoppingCart,
  IconTruckDelivery,
} from '@tabler/icons-react';
import { lazy, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '../../api/types';
import type { Guard, NavItem } from '../../app/nav';

/**
 * The operations pages (production, deliveries, inventory, purchasing), for the router and the
 * navigation. Each page is its own chunk; `guard` wraps a page in the router's permission check.
 */
const BuildsPage = lazy(() => import('./BuildsPage'));
const BuildPage = lazy(() => import('./BuildPage'));
const ShipmentsPage = lazy(() => import('./ShipmentsPage'));
const ShipmentPage = lazy(() => import('./ShipmentPage'));
const ItemsPage = lazy(() => import('./ItemsPage'));
const ItemPage = lazy(() => import('./ItemPage'));
const SuppliersPage = lazy(() => import('./SuppliersPage'));
const SupplierPage = lazy(() => import('./SupplierPage'));
const PurchaseOrdersPage = lazy(() => import('./PurchaseOrdersPage'));
const PurchaseOrderPage = lazy(() => import('./PurchaseOrderPage'));

const pair = (path: string, permission: Permission, list: ReactNode, detail: ReactNode, guard: Guard) => ({
  path,
  children: [
    { index: true, element: guard(permission, list) },
    { path: ':id', element: guard(permission, detail) },
  ],
});

export const operationsRoutes = (guard: Guard): RouteObject[] => [
  pair('builds', 'production:read', <BuildsPage />, <BuildPage />, guard),
  pair('shipments', 'delivery:read', <ShipmentsPage />, <ShipmentPage />, guard),
  pair('inventory', 'inventory:read', <ItemsPage />, <ItemPage />, guard),
  pair('suppliers', 'purchasing:read', <SuppliersPage />, <SupplierPage />, guard),
  pair('purchase-orders', 'purchasing:read', <PurchaseOrdersPage />, <PurchaseOrderPage />, guard),
];

export const operationsNav: NavItem[] = [
  {
    to: '/builds',
    label: 'Production',
    icon: <IconBuildingFactory2 size={18} aria-hidden />,
    permission: 'production:read',
  },
  {
    to: '/shipments',
    label: 'Deliveries',
    icon: <IconTruckDelivery size={18} aria-hidden />,
    permission: 'delivery:read',
  },
  {
    to: '/inventory',
    label: 'Inventory',
    icon: <IconPackages size={18} aria-hidden />,
    permission: 'inventory:read',
  },
  {
    to: '/suppliers',
    label: 'Suppliers',
    icon: <IconBuildingWarehouse size={18} aria-hidden />,
    permission: 'purchasing:read',
  },
  {
    to: '/purchase-orders',
    label: 'Purchase orders',
    icon: <IconShoppingCart size={18} aria-hidden />,
    permission: 'purchasing:read',
  },
];
