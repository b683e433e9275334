import type { EventBridgeEvent } from 'aws-lambda';
import { whoOf } from '../../domain/audit/entries.ts';
import { isPerson } from '../../domain/security/detection.ts';
import type { Envelope } from '../../events/envelope.ts';
import { logHandled, observability } from '../runtime/observability.ts';
import { chainEvents, storedEvent } from './chain.ts';
import { touchActivity } from './store.ts';

const { logger } = observability('audit');

/**
 * The audit consumer: every domain event on the bus becomes a hash-chained audit entry (see chain.ts
 * for how duplicates and any arrival order are handled). A throw makes EventBridge retry, then
 * dead-letter; the digest job's reconciliation chains anything that never arrived.
 */
export const handler = async (event: EventBridgeEvent<string, Envelope>): Promise<{ result: string }> => {
  const stored = await storedEvent(event.detail);
  if (!stored) {
    // Only the publisher puts events on the bus, from the store; anything else is forged or stray.
    logger.error('event on the bus is not in the event store; not chained', {
      eventId: event.detail.id,
      streamId: event.detail.streamId,
      type: event.detail.type,
    });
    return { result: 'unverified' };
  }
  await chainEvents([stored]);
  if (isPerson(stored.actor.role)) {
    const who = whoOf(stored.actor);
    await touchActivity(who, 'lastActiveAt', stored.occurredAt);
    if (stored.type === 'SignInSucceeded') {
      await touchActivity(
        who,
        'lastSignInAt',
        stored.occurredAt,
        stored.actor.ip ? { lastSignInIp: stored.actor.ip } : {},
      );
    }
  }
  logHandled(logger, stored, 'chained into the audit log');
  return { result: 'chained' };
};
