import type { Decider } from '../../domain/shared/decider.ts';
import type { DomainEvent } from '../../events/catalog.ts';
import { aggregateOf, streamId } from '../../events/envelope.ts';
import { readStream } from '../adapters/event-store.ts';
import type { ViewRow } from '../adapters/views.ts';
import { execute, type Loaded, load } from '../application/command.ts';
import type { Request } from '../http/handler.ts';
import { notFound } from '../http/problem.ts';
import type { RouteContract } from '../http/route.ts';

/** The API shape of a record: its state without the `exists` flag, plus id, version and times. */
export const dto = (
  id: string,
  record: Pick<Loaded<unknown>, 'state' | 'version' | 'createdAt' | 'updatedAt'>,
) => {
  const { exists: _, ...fields } = record.state as { exists: boolean };
  return { id, ...fields, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt };
};

export const rowDto = (row: ViewRow<unknown>) => dto(row.id, row);

/** Reads one record from its stream (strongly consistent, so an ETag is always current). */
export const readRecord = async <C, S extends { exists: boolean }, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  aggregate: string,
  id: string,
  what: string,
) => {
  const loaded = await load(decider, streamId(aggregate, id));
  if (!loaded.state.exists) throw notFound(`${what} ${id}`);
  return { body: dto(id, loaded), version: loaded.version };
};

/** Runs a command for the route's caller, with their If-Match version when the route has one. */
export const command = async <C, S, E extends DomainEvent>(
  request: Request<RouteContract>,
  decider: Decider<C, S, E>,
  aggregate: string,
  id: string,
  cmd: C,
  at?: Date,
) => {
  const result = await execute(decider, streamId(aggregate, id), cmd, {
    actor: request.actor!,
    correlationId: request.correlationId,
    expectedVersion: request.ifMatch,
    at,
  });
  return { body: dto(id, result), version: result.version };
};

/** A record's whole history as stored envelopes (upcast to the current versions). */
export const history = async (aggregate: string, id: string, what: string) => {
  const stream = streamId(aggregate, id);
  const commits = await readStream(stream);
  if (commits.length === 0 || aggregateOf(stream) !== aggregate) throw notFound(`${what} ${id}`);
  return { body: { items: commits.flatMap((c) => c.events) } };
};
