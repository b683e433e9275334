import {
  IconBuildingFactory2,
  IconBuildingWarehouse,
  IconPackages,
  IconShoppingCart,
  IconTruckDelivery,
} from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

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

export const operationsRoutes = (guard: Guard): RouteObject[] => [
  listAndDetail(guard, 'builds', 'production:read', <BuildsPage />, <BuildPage />),
  listAndDetail(guard, 'shipments', 'delivery:read', <ShipmentsPage />, <ShipmentPage />),
  listAndDetail(guard, 'inventory', 'inventory:read', <ItemsPage />, <ItemPage />),
  listAndDetail(guard, 'suppliers', 'purchasing:read', <SuppliersPage />, <SupplierPage />),
  listAndDetail(guard, 'purchase-orders', 'purchasing:read', <PurchaseOrdersPage />, <PurchaseOrderPage />),
];

export const operationsNav: NavItem[] = [
  navItem('/builds', 'Production', IconBuildingFactory2, 'production:read'),
  navItem('/shipments', 'Deliveries', IconTruckDelivery, 'delivery:read'),
  navItem('/inventory', 'Inventory', IconPackages, 'inventory:read'),
  navItem('/suppliers', 'Suppliers', IconBuildingWarehouse, 'purchasing:read'),
  navItem('/purchase-orders', 'Purchase orders', IconShoppingCart, 'purchasing:read'),
];
