import type { QueryClient } from '@tanstack/react-query';
import { allRecordsQuery, firstPageQuery, useAllRecords, useFirstPage } from '../../api/queries';
import { ORDER_STAGES, type OrderStage } from '../../api/types';
import { useSession } from '../../app/session';

export const OVERVIEW_MODELS = 8;

/**
 * The overview's data. Cards share these queries (TanStack Query dedupes them by key), and the page
 * uses them to tell when the overview is fully rendered.
 */
export const useOverviewData = () => {
  const { can } = useSession();
  const orders = useAllRecords('orders', can('orders:read'));
  const customers = useAllRecords('customers', can('customers:read'));
  const models = useFirstPage('models', OVERVIEW_MODELS, can('catalog:read'));
  return { orders, customers, models };
};

export const countByStage = (stages: readonly { stage: OrderStage }[]): Record<OrderStage, number> => {
  const counts = Object.fromEntries(ORDER_STAGES.map((s) => [s, 0])) as Record<OrderStage, number>;
  for (const { stage } of stages) counts[stage] += 1;
  return counts;
};

/**
 * Starts the overview's queries before the page (and the profile that decides which cards show) has
 * loaded. Every role may read these lists; a refusal would only leave the cache empty.
 */
export const prefetchOverview = (client: QueryClient) => {
  void client.prefetchQuery(allRecordsQuery('orders'));
  void client.prefetchQuery(allRecordsQuery('customers'));
  void client.prefetchQuery(firstPageQuery('models', OVERVIEW_MODELS));
};
