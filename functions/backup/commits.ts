import type { Envelope } from '../../events/envelope.ts';
import type { StoredCommit } from '../application/event-store-port.ts';

/**
 * Commits exactly as stored, for backups. The event store's `readAll` upcasts every event to its
 * current version, which is right for readers but wrong for a backup: stored history is never
 * rewritten, so a backup keeps each event in the version it was written with (verification and
 * restore upcast them, as every reader does). The walk itself is the event store's (`readWritten`: in the order commits were written).
 */
export type RawCommit = StoredCommit;

/**
 * One backup line: the commit's fields, then its events as the stored JSON text, verbatim (no parse
 * and re-serialize on the hot path). `events` comes last so a reader can find it without parsing.
 */
export const lineOf = (commit: RawCommit): string => {
  const { events, ...meta } = commit;
  return `${JSON.stringify(meta).slice(0, -1)},"events":${events}}\n`;
};

/** A backup line read back: the commit with its events in their stored versions. */
export interface BackedUpCommit extends Omit<RawCommit, 'events'> {
  events: Envelope[];
}
