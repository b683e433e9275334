import { createBrowserRouter } from 'react-router';
import { backupRoutes } from '../features/backups/routes';
import { customersRoutes } from '../features/customers/routes';
import { insightsRoutes } from '../features/insights/routes';
import { integrationRoutes } from '../features/integrations/routes';
import { modelsRoutes } from '../features/models/routes';
import { monitoringRoutes } from '../features/monitoring/routes';
import { notificationRoutes } from '../features/notifications/routes';
import { operationsRoutes } from '../features/operations/routes';
import { ordersRoutes } from '../features/orders/routes';
import { loadOverview, overviewRoutes } from '../features/overview/routes';
import { reportDeliveryRoutes, sharedReportRoutes } from '../features/reports/delivery';
import { reportsRoutes } from '../features/reports/routes';
import { salesRoutes } from '../features/sales/routes';
import { loadSignIn, publicSecurityRoutes, securityRoutes } from '../features/security/routes';
import { workflowRoutes } from '../features/workflows/routes';
import { NotFoundPage, RequirePermission, RequireSession } from './guards';
import type { Guard } from './nav';
import { Shell } from './Shell';

// Every page is its own chunk (each feature's routes lazy-load theirs): the first load carries the shell
// and only the page it lands on.
const guarded: Guard = (permission, page) => (
  <RequirePermission permission={permission}>{page}</RequirePermission>
);

export const router = createBrowserRouter([
  ...publicSecurityRoutes,
  ...sharedReportRoutes,
  {
    element: (
      <RequireSession>
        <Shell />
      </RequireSession>
    ),
    children: [
      ...overviewRoutes,
      ...modelsRoutes(guarded),
      ...customersRoutes(guarded),
      ...ordersRoutes(guarded),
      ...salesRoutes(guarded),
      ...operationsRoutes(guarded),
      ...securityRoutes(guarded),
      ...backupRoutes(guarded),
      ...integrationRoutes(guarded),
      ...notificationRoutes(guarded),
      ...workflowRoutes(guarded),
      ...monitoringRoutes(guarded),
      ...insightsRoutes(guarded),
      ...reportsRoutes(guarded),
      ...reportDeliveryRoutes(guarded),
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
