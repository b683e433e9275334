import type { Actor } from '../../events/envelope.ts';
import { appendRecorded } from '../adapters/event-store.ts';
import { systemStreams } from '../application/aggregates.ts';

/**
 * Sensitive reads are facts for the audit log too: who queried the audit log, exported entries, built
 * an evidence pack, ran an access review or viewed someone's credentials and activity. Each becomes a
 * `SensitiveDataAccessed` event on the reader's `access-<email>` stream, so it is chained like any
 * change and counts toward the `sensitive-read-burst` detection. Other features' exports should call
 * this too (or emit their own event: `ExportCreated` already counts).
 */
export const recordSensitiveRead = (
  actor: Actor,
  correlationId: string,
  read: { resource: string; action: string; detail: string; format?: string; count?: number },
) =>
  appendRecorded(
    systemStreams.access((actor.email ?? actor.id).toLowerCase()),
    [{ type: 'SensitiveDataAccessed', data: read }],
    { actor, correlationId },
  );

/** Filters in words, for the access event: `who=bob@x.com, type=RoleAssigned`. */
export const describeFilters = (filters: Record<string, unknown>): string => {
  const parts = Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(', ') : 'everything';
};
