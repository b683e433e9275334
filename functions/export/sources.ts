import { encodeTime } from 'ulid';
import * as z from 'zod';
import type { Permission } from '../../domain/access/permissions.ts';
import { eventCatalog, type StoredEvent } from '../../events/catalog.ts';
import { eventStore } from '../adapters/event-store.ts';
import { listRows } from '../adapters/views.ts';
import { rowDto } from '../api/records.ts';
import { aggregateOfView, aggregateViews } from '../application/aggregates.ts';

/**
 * What can be exported: any record collection (an aggregate's view, optionally filtered as its list
 * is) or the event stream (optionally by time, type and stream). An export is a read: it needs the
 * read permission of what it exports, as well as `exports:run`.
 */
const Instant = z.iso.datetime({ offset: true });

export const ViewSource = z
  .object({
    kind: z.literal('view'),
    // Checked by sourceProblems (with a message naming the collections); described as the enum it is.
    view: z
      .string()
      .min(1)
      .max(64)
      .meta({ id: 'ExportView', enum: aggregateViews().sort(), description: 'A record collection' }),
    search: z
      .string()
      .max(100)
      .optional()
      .meta({ description: 'Words the rows must have (each starting one of theirs), as in lists' }),
    where: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/), z.string().max(200))
      .optional()
      .meta({ description: 'Exact matches on the fields its list filters by, e.g. {"stage": "delivered"}' }),
  })
  .strict();

export const EventsSource = z
  .object({
    kind: z.literal('events'),
    from: Instant.optional().meta({ description: 'Events at or after this instant' }),
    to: Instant.optional().meta({ description: 'Events at or before this instant' }),
    types: z
      .array(
        z
          .string()
          .min(1)
          .meta({ id: 'EventType', enum: [...eventCatalog.keys()].sort(), description: 'An event type' }),
      )
      .max(100)
      .optional()
      .meta({ description: 'Only these event types' }),
    streamPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_@.-]{1,140}$/)
      .optional()
      .meta({ description: 'Only streams starting with this, e.g. "order-" or "order-01J..."' }),
  })
  .strict();

export const ExportSource = z
  .discriminatedUnion('kind', [ViewSource, EventsSource])
  .meta({ id: 'ExportSource' });
export type ExportSource = z.infer<typeof ExportSource>;

export class ExportRefused extends Error {
  override name = 'ExportRefused';
}

/** The record collections there are: every aggregate's view (from the registry). */
export const exportableViews = (): string[] => aggregateViews().sort();

/**
 * The permission needed to read a view: its aggregate's read permission (that of its list and read
 * routes), so exports never show more than the lists do; anything else needs `events:read`, which
 * reads everything.
 */
export const readPermissionOf = (source: ExportSource): Permission =>
  (source.kind === 'view' && aggregateOfView(source.view)?.read) || 'events:read';

/** Checks what the source names exists; a 400 at the API, a refusal in the worker. */
export const sourceProblems = (source: ExportSource): string[] => {
  const problems: string[] = [];
  if (source.kind === 'view' && !exportableViews().includes(source.view)) {
    problems.push(`There is no collection ${source.view}; choose one of ${exportableViews().join(', ')}`);
  }
  if (source.kind === 'view') {
    const filters = aggregateOfView(source.view)?.filters ?? [];
    for (const name of Object.keys(source.where ?? {})) {
      if (!filters.includes(name))
        problems.push(
          `${source.view} cannot be filtered by ${name}; ${filters.length ? `its filters are ${filters.join(', ')}` : 'it has no filters'}`,
        );
    }
  }
  if (source.kind === 'events') {
    for (const type of source.types ?? [])
      if (!eventCatalog.has(type)) problems.push(`There is no event type ${type}`);
    if (source.from && source.to && Date.parse(source.from) > Date.parse(source.to)) {
      problems.push('"from" must not be after "to"');
    }
  }
  return problems;
};

export const sourceName = (source: ExportSource): string => (source.kind === 'view' ? source.view : 'events');

export type Row = Record<string, unknown>;

/** A view's rows as the API shows its records, in pages, newest first. */
async function* viewRows(source: z.infer<typeof ViewSource>): AsyncGenerator<Row> {
  let cursor: string | undefined;
  do {
    const page = await listRows(aggregateOfView(source.view) ?? source.view, {
      limit: 500,
      cursor,
      search: source.search,
      where: source.where,
    });
    for (const row of page.items) yield rowDto(row) as Row;
    cursor = page.nextCursor;
  } while (cursor);
}

/** Stored events (upcast to their current versions) in commit order. */
async function* eventRows(source: z.infer<typeof EventsSource>): AsyncGenerator<StoredEvent> {
  const from = source.from ? Date.parse(source.from) : undefined;
  // Commit ids start with their time: begin the index walk just before `from`.
  const afterCommitId =
    from !== undefined && from > 0 ? `${encodeTime(from - 1, 10)}ZZZZZZZZZZZZZZZZ` : undefined;
  const types = source.types ? new Set(source.types) : undefined;
  const until = source.to ? new Date(source.to).toISOString() : new Date(Date.now() + 60_000).toISOString();
  for await (const page of eventStore.readAll({ afterCommitId, until })) {
    for (const commit of page) {
      if (source.streamPrefix && !commit.streamId.startsWith(source.streamPrefix)) continue;
      if (from !== undefined && Date.parse(commit.committedAt) < from) continue;
      for (const event of commit.events) if (!types || types.has(event.type)) yield event;
    }
  }
}

export const rowsOf = (source: ExportSource): AsyncGenerator<Row> =>
  source.kind === 'view' ? viewRows(source) : (eventRows(source) as AsyncGenerator<Row>);

/** The event stream's columns when flattened into a table. */
export const EVENT_COLUMNS = [
  'id',
  'type',
  'version',
  'streamId',
  'streamVersion',
  'occurredAt',
  'actorId',
  'actorEmail',
  'actorRole',
  'correlationId',
  'causationId',
  'data',
] as const;

/** One event as a flat table row. */
export const flatEvent = (event: Row): Row => {
  const e = event as unknown as StoredEvent;
  return {
    id: e.id,
    type: e.type,
    version: e.version,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    occurredAt: e.occurredAt,
    actorId: e.actor.id,
    actorEmail: e.actor.email,
    actorRole: e.actor.role,
    correlationId: e.correlationId,
    causationId: e.causationId,
    data: e.data,
  };
};
