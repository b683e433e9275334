import { lazy } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { backupRoutes } from '../features/backups/routes';
import { operationsRoutes } from '../features/operations/routes';
import { salesRoutes } from '../features/sales/routes';
import { publicSecurityRoutes, securityRoutes } from '../features/security/routes';
import { NotFoundPage, RequirePermission, RequireSession } from './guards';
import { Shell } from './Shell';

// Every page is its own chunk: the first load carries the shell and only the page it lands on.
const loadOverview = () => import('../features/overview/OverviewPage');
const loadSignIn = () => import('../features/security/SignInPage');
const SignInPage = lazy(loadSignIn);
const OverviewPage = lazy(loadOverview);
const ModelsPage = lazy(() => import('../features/models/ModelsPage'));
const ModelPage = lazy(() => import('../features/models/ModelPage'));
const CustomersPage = lazy(() => import('../features/customers/CustomersPage'));
const CustomerPage = lazy(() => import('../features/customers/CustomerPage'));
const OrdersPage = lazy(() => import('../features/orders/OrdersPage'));
const OrderPage = lazy(() => import('../features/orders/OrderPage'));

const guarded = (
  permission: Parameters<typeof RequirePermission>[0]['permission'],
  page: React.ReactNode,
) => <RequirePermission permission={permission}>{page}</RequirePermission>;

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  ...publicSecurityRoutes,
  {
    element: (
      <RequireSession>
        <Shell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <OverviewPage /> },
      {
        path: 'models',
        element: <Outlet />,
        children: [
          { index: true, element: guarded('catalog:read', <ModelsPage />) },
          { path: ':id', element: guarded('catalog:read', <ModelPage />) },
        ],
      },
      {
        path: 'customers',
        children: [
          { index: true, element: guarded('customers:read', <CustomersPage />) },
          { path: ':id', element: guarded('customers:read', <CustomerPage />) },
        ],
      },
      {
        path: 'orders',
        children: [
          { index: true, element: guarded('orders:read', <OrdersPage />) },
          { path: ':id', element: guarded('orders:read', <OrderPage />) },
        ],
      },
      ...salesRoutes(guarded),
      ...operationsRoutes(guarded),
      ...securityRoutes(guarded),
      ...backupRoutes(guarded),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/**
 * Starts downloading the landing page's chunk at once, instead of after the session's profile has
 * loaded and the route renders: the two requests overlap rather than queue.
 */
export const preloadLandingPage = (pathname: string, signedIn: boolean) => {
  if (!signedIn || pathname === '/sign-in') void loadSignIn();
  else if (pathname === '/') void loadOverview();
};
