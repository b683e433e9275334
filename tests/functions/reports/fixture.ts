import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLE_NAMES, type TableName } from '../../../domain/reports/dataset.ts';
import {
  applyEvent,
  calendar,
  emptyRows,
  storedColumns,
  tableRows,
} from '../../../domain/reports/dataset-rows.ts';
import { type DomainEvent, type StoredEvent, validateNew } from '../../../events/catalog.ts';
import type { TableFiles } from '../../../functions/reports/engine.ts';
import { writeParquet } from '../../../functions/reports/engine.ts';

const versions = new Map<string, number>();

/** A stored event as the store would hand it over: validated, on its stream's next version. */
export const stored = (streamId: string, on: string, event: DomainEvent): StoredEvent => {
  validateNew(event);
  const version = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, version);
  return {
    id: `${streamId}-${version}`,
    type: event.type,
    version: 1,
    streamId,
    streamVersion: version,
    occurredAt: `${on}T12:00:00.000Z`,
    actor: { id: 'test', role: 'admin' },
    correlationId: 'c',
    causationId: 'c',
    data: event.data,
  } as StoredEvent;
};

/** Events → rows → one Parquet file per table in a fresh directory: what a query runs on. */
export const parquetOf = async (events: readonly StoredEvent[]): Promise<TableFiles> => {
  const rows = emptyRows();
  for (const event of events) applyEvent(rows, event);
  const dir = await mkdtemp(join(tmpdir(), 'firefly-dataset-'));
  const files = new Map<TableName, string>();
  for (const table of TABLE_NAMES) {
    const path = join(dir, `${table}.parquet`);
    const data = table === 'dates' ? calendar('2024-01-01', '2026-12-31') : tableRows(rows, table);
    await writeParquet(storedColumns(table), data, path);
    files.set(table, path);
  }
  return async () => files;
};
