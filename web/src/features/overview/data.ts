import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import type { OverviewReport } from './types';

export const OVERVIEW_MONTHS = 12;

const overviewKey = ['reports', 'overview', OVERVIEW_MONTHS] as const;

/**
 * The overview's figures in one request. The API reads them from figures the projector keeps with every
 * event (issue 17), so the page opens fast however large the business; `asOf` says when they were read.
 */
export const overviewQuery = queryOptions({
  queryKey: overviewKey,
  queryFn: ({ signal }) =>
    api.get('/api/reports/overview', { params: { query: { months: OVERVIEW_MONTHS } }, signal }),
  staleTime: 30_000,
});

export const useOverview = () => {
  const { can } = useSession();
  return useQuery({ ...overviewQuery, enabled: can('reports:read') });
};

/** Reads the figures again and puts them where the cards read. */
export const refreshOverview = async (client: QueryClient) => {
  const fresh = await api.get('/api/reports/overview', {
    params: { query: { months: OVERVIEW_MONTHS, refresh: 'true' } },
  });
  client.setQueryData(overviewKey, fresh);
};

/**
 * Starts the overview's request before the page (and the profile that decides which cards show) has
 * loaded. Every role may read reports; a refusal would only leave the cache empty.
 */
export const prefetchOverview = (client: QueryClient) => {
  void client.prefetchQuery(overviewQuery);
};

/**
 * The figures as the cards render them: a deferred copy, so the first render with data (seven cards,
 * tables and two charts) runs as an interruptible transition in small slices instead of one long task
 * that would keep the page from answering input. Every card and the page use it, so they commit together.
 */
export const useShownFigures = (figures: OverviewReport | undefined) => useDeferredValue(figures);
