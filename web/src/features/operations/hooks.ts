import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { api, type Query } from '../../api/client';
import { keys, type Resource, type ResourceTypes, useRecord } from '../../api/queries';
import type { Page } from '../../api/types';
import { useSession } from '../../app/session';
import { operationsApi } from './api';
import './types';

/**
 * Records of one kind matching what is typed, asked of the server (the list may be far longer than a
 * page), for a searchable Select. The chosen record stays a choice even when the search no longer finds it.
 */
export const useChoices = <R extends Resource>(
  resource: R,
  label: (record: ResourceTypes[R]) => string,
  selectedId: string | null,
  filters: Query = {},
  enabled = true,
) => {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const found = useQuery({
    queryKey: [resource, 'choices', { ...filters, search: debounced }],
    queryFn: ({ signal }) =>
      api.get<Page<ResourceTypes[R]>>(
        `/api/${resource}`,
        { ...filters, search: debounced, limit: 50 },
        signal,
      ),
    placeholderData: (previous) => previous,
    enabled,
  });
  const selected = useRecord(resource, selectedId ?? '', enabled && !!selectedId);
  const data = useMemo(() => {
    const byId = new Map<string, ResourceTypes[R]>();
    if (selected.data) byId.set(selected.data.id, selected.data);
    for (const record of found.data?.items ?? []) byId.set(record.id, record);
    return [...byId.values()].map((record) => ({ value: record.id, label: label(record) }));
  }, [found.data, selected.data, label]);
  return {
    data,
    records: found.data?.items ?? [],
    selected: selected.data,
    loading: found.isFetching,
    search,
    setSearch,
  };
};

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
