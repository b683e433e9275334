import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, change, once } from '../../api/client';
import type { paths } from '../../api/schema.gen';

type Ok<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

export type Recommendation = Ok<'/api/recommendations/{id}', 'get'>;
export type RecommendationStatus = Recommendation['status'];
export type Segments = Ok<'/api/insights/segments', 'get'>;
export type InventoryAdvice = Ok<'/api/insights/inventory', 'get'>;
export type MarketingReturn = Ok<'/api/insights/marketing', 'get'>;
export type Roi = Ok<'/api/insights/roi', 'get'>;
export type ForecastList = Ok<'/api/insights/forecasts', 'get'>;
export type ForecastSeries = Ok<'/api/insights/forecasts/{id}', 'get'>;
export type SalesInsights = Ok<'/api/insights/sales', 'get'>;
export type LinkKind = NonNullable<Recommendation['link']>['kind'];

const keys = { all: ['insights'] as const };

export const useRecommendations = () =>
  useQuery({
    queryKey: [...keys.all, 'recommendations'],
    queryFn: ({ signal }) => api.get('/api/recommendations', { params: { query: { limit: 100 } }, signal }),
  });

export const useSegments = () =>
  useQuery({
    queryKey: [...keys.all, 'segments'],
    queryFn: ({ signal }) => api.get('/api/insights/segments', { signal }),
  });
export const useInventoryAdvice = () =>
  useQuery({
    queryKey: [...keys.all, 'inventory'],
    queryFn: ({ signal }) => api.get('/api/insights/inventory', { signal }),
  });
export const useMarketingReturn = () =>
  useQuery({
    queryKey: [...keys.all, 'marketing'],
    queryFn: ({ signal }) => api.get('/api/insights/marketing', { signal }),
  });
export const useRoi = () =>
  useQuery({
    queryKey: [...keys.all, 'roi'],
    queryFn: ({ signal }) => api.get('/api/insights/roi', { signal }),
  });

export const useForecasts = () =>
  useQuery({
    queryKey: [...keys.all, 'forecasts'],
    queryFn: ({ signal }) => api.get('/api/insights/forecasts', { signal }),
  });
export const useForecast = (id: string) =>
  useQuery({
    queryKey: [...keys.all, 'forecasts', id],
    queryFn: ({ signal }) => api.get('/api/insights/forecasts/{id}', { params: { path: { id } }, signal }),
  });
export const useSalesInsights = () =>
  useQuery({
    queryKey: [...keys.all, 'sales'],
    queryFn: ({ signal }) => api.get('/api/insights/sales', { signal }),
  });

/** A command on a recommendation at the version it was decided on; refreshes every insights query. */
export const useRecommendationCommand = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (command: {
      rec: Recommendation;
      action: 'accept' | 'dismiss' | 'implement';
      reason?: string;
      link?: { kind: LinkKind; id?: string; note?: string };
    }) => {
      const params = {
        path: { id: command.rec.id },
        header: change(command.rec.version, crypto.randomUUID()),
      };
      switch (command.action) {
        case 'accept':
          return api.post('/api/recommendations/{id}/accept', { params, body: {} });
        case 'dismiss':
          return api.post('/api/recommendations/{id}/dismiss', {
            params,
            body: { reason: command.reason ?? '' },
          });
        case 'implement':
          return api.post('/api/recommendations/{id}/implement', {
            params,
            body: { link: command.link ?? { kind: 'note', note: '' } },
          });
      }
    },
    // The list is a projection a moment behind the command: show the record the command returned, and
    // refresh the rest (figures, ROI) without refetching the list over it.
    onSuccess: (updated) =>
      client.setQueryData(
        [...keys.all, 'recommendations'],
        (page: { items: Recommendation[] } | undefined) =>
          page && { ...page, items: page.items.map((r) => (r.id === updated.id ? updated : r)) },
      ),
    onSettled: () =>
      client.invalidateQueries({ queryKey: keys.all, predicate: (q) => q.queryKey[1] !== 'recommendations' }),
  });
};

export const useStartRun = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post('/api/insights/runs', { params: { header: once(crypto.randomUUID()) }, body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.all }),
  });
};
