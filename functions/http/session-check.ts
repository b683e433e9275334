import { sessionEndedBy } from '../../domain/access/session-validity.ts';
import type { Actor } from '../../events/envelope.ts';
import { readStream } from '../adapters/event-store.ts';
import { systemStreams } from '../application/aggregates.ts';
import { config } from '../runtime/config.ts';
import { HttpProblem } from './problem.ts';

/**
 * Access changes per account, as recorded on its `user-<email>` stream, kept briefly per function
 * instance: one read per account every few seconds instead of one per request. A change therefore
 * takes effect within `sessionCheckTtlMs` (10 s by default) rather than when the token expires.
 */
const cache = new Map<string, { at: number; events: { type: string; occurredAt: string }[] }>();

const accountEvents = async (email: string) => {
  const hit = cache.get(email);
  if (hit && Date.now() - hit.at < config.sessionCheckTtlMs) return hit.events;
  const commits = await readStream(systemStreams.user(email));
  const events = commits.flatMap((c) => c.events.map((e) => ({ type: e.type, occurredAt: e.occurredAt })));
  cache.set(email, { at: Date.now(), events });
  return events;
};

/** Refuses (401) a token issued before its account's role was changed or the account disabled. */
export const assertSessionCurrent = async (actor: Actor, issuedAt: number | undefined): Promise<void> => {
  // Tokens without an email (access tokens) or issue time cannot be matched to the account's stream.
  if (!actor.email || issuedAt === undefined) return;
  const ended = sessionEndedBy(issuedAt, await accountEvents(actor.email));
  if (ended) {
    throw new HttpProblem(
      401,
      'session-ended',
      'Sign in again',
      ended.type === 'UserDisabled'
        ? 'Your account was disabled after you signed in'
        : 'Your access changed after you signed in; sign in again to continue with your current role',
      {},
      { 'www-authenticate': 'Bearer error="invalid_token"' },
    );
  }
};
