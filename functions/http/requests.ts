import { type Day, dayOf } from '../../domain/shared/days.ts';
import { type ListOptions, type ListOrder, listRows } from '../adapters/views.ts';
import { rowDto } from '../api/records.ts';
import { liveStore, type Store } from '../application/command-store.ts';
import type { Request } from './handler.ts';
import type { RouteContract } from './route.ts';

/** Today in business time. Handlers pass it to deciders, which never read the clock themselves. */
export const today = (): Day => dayOf(new Date());

/** The event store as the commands' Store, with the caller as the actor of every commit. */
export const storeFor = (request: Request<RouteContract>): Store =>
  liveStore({ actor: request.actor!, correlationId: request.correlationId });

/**
 * One page of a view, with exact-match filters taken from the query (only the names given, and only
 * when present), as the API's list routes do.
 */
export const listPage = async (
  view: string,
  query: { limit: number; cursor?: string; search?: string; order?: ListOrder } & Record<string, unknown>,
  filters: readonly string[],
) => {
  const where: Record<string, string> = {};
  for (const name of filters) {
    const value = query[name];
    if (typeof value === 'string' && value) where[name] = value;
  }
  const options: ListOptions = {
    limit: query.limit,
    cursor: query.cursor,
    search: query.search,
    order: query.order,
    where,
  };
  const page = await listRows(view, options);
  return { body: { items: page.items.map(rowDto), nextCursor: page.nextCursor } };
};
