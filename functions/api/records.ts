import { allows } from '../../domain/access/permissions.ts';
import type { Actor } from '../../events/envelope.ts';
import { aggregateOf } from '../../events/envelope.ts';
import { readStream } from '../adapters/event-store.ts';
import { type ListOptions, type ListOrder, listRows, type ViewRow } from '../adapters/views.ts';
import { type Aggregate, aggregateOfView } from '../application/aggregates.ts';
import { execute, type Loaded, loadRecord } from '../application/command.ts';
import type { Request } from '../http/adapter.ts';
import { notFound } from '../http/problem.ts';
import { today } from '../http/requests.ts';
import type { RouteContract } from '../http/route.ts';

/**
 * The API shape of a record: its state without the `exists` flag and without the field that repeats
 * its id (the aggregate's `idField`), plus id, version and times.
 */
const dto = (
  id: string,
  record: Pick<Loaded<unknown>, 'state' | 'version' | 'createdAt' | 'updatedAt'>,
  idField: string | undefined,
) => {
  const { exists: _, ...fields } = record.state as { exists: boolean } & Record<string, unknown>;
  if (idField) delete fields[idField];
  return { id, ...fields, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt };
};

/** A record with the figures its aggregate derives from its state (e.g. an order's balance due). */
const withDerived = <S extends { exists: boolean }>(
  aggregate: Pick<Aggregate<unknown, S>, 'derived' | 'idField'> | undefined,
  id: string,
  record: Pick<Loaded<S>, 'state' | 'version' | 'createdAt' | 'updatedAt'>,
) => ({
  ...dto(id, record, aggregate?.idField),
  ...(record.state.exists && aggregate?.derived
    ? aggregate.derived(record.state as Extract<S, { exists: true }>)
    : {}),
});

/** A view row as the API shows its record, less what depends on the caller (`actions`): what exports write. */
export const rowDto = (row: ViewRow<unknown>) =>
  withDerived(aggregateOfView(row.view), row.id, row as ViewRow<{ exists: boolean }>);

/** The route that performs each of an aggregate's actions: its permission decides who is offered it. */
export type ActionRoutes<A extends string> = Readonly<Record<A, RouteContract>>;

const allowed = (actor: Actor, permission: RouteContract['permission']) =>
  permission === 'public' || permission === 'authenticated' || allows(actor, permission);

/**
 * An aggregate's records as the API serves them: read from the stream, changed by commands, listed from
 * the view, each with the domain's derived figures and `actions`, the commands the caller may take
 * next: those the decider would accept in the record's state (the domain decides, see
 * `availableBy`) whose route's permission the caller's role has.
 */
export const recordsOf = <C, S extends { exists: boolean }, E, A extends string>(
  aggregate: Aggregate<C, S, E, A>,
  routes: ActionRoutes<A>,
) => {
  const actionsFor = (actor: Actor, state: S): A[] =>
    aggregate
      .available(state, { today: today(), by: actor.id })
      .filter((action) => allowed(actor, routes[action].permission));

  /** The record with its derived figures and the caller's actions. */
  const present = (
    actor: Actor,
    id: string,
    record: Pick<Loaded<S>, 'state' | 'version' | 'createdAt' | 'updatedAt'>,
  ) => ({ ...withDerived(aggregate, id, record), actions: actionsFor(actor, record.state) });

  /** Reads one record from its stream (strongly consistent, so an ETag is always current). */
  const read = async (actor: Actor, id: string) => {
    const loaded = await loadRecord(aggregate, id);
    if (!loaded.state.exists) throw notFound(`${aggregate.title} ${id}`);
    return { body: present(actor, id, loaded), version: loaded.version };
  };

  /** Runs a command for the route's caller, with their If-Match version when the route has one. */
  const command = async (request: Request<RouteContract>, id: string, cmd: C, at?: Date) => {
    const actor = request.actor!;
    const result = await execute(aggregate.decider, aggregate.stream(id), cmd, {
      actor,
      correlationId: request.correlationId,
      expectedVersion: request.ifMatch,
      at,
    });
    return { body: present(actor, id, result), version: result.version };
  };

  /** A record's whole history as stored envelopes (upcast to the current versions). */
  const history = async (id: string) => {
    const stream = aggregate.stream(id);
    const commits = await readStream(stream);
    if (commits.length === 0 || aggregateOf(stream) !== aggregate.prefix)
      throw notFound(`${aggregate.title} ${id}`);
    return { body: { items: commits.flatMap((c) => c.events) } };
  };

  /**
   * One page of the view as the caller sees its records, with the exact-match filters the aggregate's
   * list offers taken from the query (only when present), as the API's list routes do.
   */
  const list = async (
    actor: Actor,
    query: { limit: number; cursor?: string; search?: string; order?: ListOrder } & Record<string, unknown>,
  ) => {
    const where: Record<string, string> = {};
    for (const name of aggregate.filters) {
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
    const page = await listRows<S>(aggregate, options);
    return { body: { items: page.items.map((r) => present(actor, r.id, r)), nextCursor: page.nextCursor } };
  };

  return { aggregate, read, command, history, list, present };
};
