import type { OutboundDeliveryState } from '../../../domain/integrations/outbound-deliveries.ts';
import { RETRY_SCHEDULE_MS } from '../../../domain/integrations/outbound-deliveries.ts';
import type { EndpointState } from '../../../domain/integrations/outbound-endpoints.ts';
import {
  type OutboundDeliveryFact,
  type OutboundStats,
  outboundStats,
  outboundStatus,
} from '../../../domain/integrations/outbound-sync.ts';
import type { SyncStatus } from '../../../domain/integrations/sync-health.ts';
import { listRows } from '../../adapters/views.ts';
import { aggregates } from '../../application/aggregates.ts';

type Endpoint = Extract<EndpointState, { exists: true }>;

/** Deliveries made before the window can still be retried in it: look back as far as the schedule runs. */
const RETRY_SPAN_MS = RETRY_SCHEDULE_MS.reduce((sum, wait) => sum + wait, 0);
/** The walk stops here; the answer says so (the figures are then a lower bound). */
const MAX_DELIVERIES = 5000;

export interface OutboundSyncView {
  endpointId: string;
  status: SyncStatus;
  reasons: string[];
  stats: OutboundStats;
  capped: boolean;
}

/** An endpoint's deliveries over the last `hours`: status and reasons, attempts per hour, lag, errors. */
export const outboundSyncOf = async (
  endpoint: Endpoint,
  now: Date,
  hours = 24,
): Promise<OutboundSyncView> => {
  const oldest = new Date(now.getTime() - hours * 3_600_000 - RETRY_SPAN_MS).toISOString();
  const facts: OutboundDeliveryFact[] = [];
  let capped = false;
  let cursor: string | undefined;
  walk: do {
    const page = await listRows<OutboundDeliveryState>(aggregates.outboundDelivery, {
      where: { endpointId: endpoint.endpointId },
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const { state } of page.items) {
      if (!state.exists) continue;
      // Newest event first (ids are `<endpointId>_<event ulid>`): older than any retry in the window ends it.
      if (state.occurredAt < oldest) break walk;
      facts.push({ occurredAt: state.occurredAt, status: state.status, attempts: state.attempts });
      if (facts.length >= MAX_DELIVERIES) {
        capped = true;
        break walk;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  const stats = outboundStats(facts, now, hours);
  return {
    endpointId: endpoint.endpointId,
    ...outboundStatus({
      endpointStatus: endpoint.status,
      ...(endpoint.disabledReason ? { disabledReason: endpoint.disabledReason } : {}),
      ...(endpoint.failingSince ? { failingSince: endpoint.failingSince } : {}),
      stats,
    }),
    stats,
    capped,
  };
};
