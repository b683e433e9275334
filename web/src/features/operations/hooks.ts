import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { keys, type Resource } from '../../api/queries';
import { useSession } from '../../app/session';
import { operationsApi } from './api';
import './types';

/** Items at or below their reorder point (counting reservations), most urgent first. */
export const useLowStock = (enabled = true) => {
  const { can } = useSession();
  return useQuery({
    queryKey: ['items', 'low-stock'],
    queryFn: ({ signal }) => operationsApi.lowStock(signal),
    enabled: enabled && can('reports:read'),
  });
};

/** Lists come from projections, which lag a moment behind a command. */
const PROJECTION_LAG_MS = 1_500;

/**
 * A command on one record often changes others (a receipt raises stock, a build start moves its order):
 * refresh those kinds too, now and once more after the projections have caught up.
 */
export const useRefreshRelated = () => {
  const client = useQueryClient();
  return useCallback(
    (resources: Resource[]) => {
      const refresh = () => {
        for (const resource of resources)
          void client.invalidateQueries({ queryKey: keys.resource(resource) });
      };
      refresh();
      setTimeout(refresh, PROJECTION_LAG_MS);
    },
    [client],
  );
};
