import { type Day, dayOf } from '../../domain/shared/days.ts';
import { liveStore, type Store } from '../application/command-store.ts';
import type { Request } from './adapter.ts';
import type { RouteContract } from './route.ts';

/** Today in business time. Handlers pass it to deciders, which never read the clock themselves. */
export const today = (): Day => dayOf(new Date());

/** The event store as the commands' Store, with the caller as the actor of every commit. */
export const storeFor = (request: Request<RouteContract>): Store =>
  liveStore({ actor: request.actor!, correlationId: request.correlationId });
