import type { EventBridgeEvent } from 'aws-lambda';
import { whoOf } from '../../domain/audit/entries.ts';
import {
  type Detection,
  detectMfaFailures,
  detectNewAddress,
  detectOffHours,
  detectReadBurst,
  detectRoleEscalation,
  detectSignInFailures,
  detectWebhookFailures,
  RULES,
  THRESHOLDS,
} from '../../domain/security/detection.ts';
import { MFA_CODE_REASONS } from '../../domain/security/lockout.ts';
import type { Envelope } from '../../events/envelope.ts';
import { storedEvent } from '../audit/chain.ts';
import { config } from '../runtime/config.ts';
import { observability } from '../runtime/observability.ts';
import { projectIncident, raise } from './alerts.ts';
import { factsBetween, putFact } from './facts.ts';

const { logger } = observability('security-detector');

const HOUR = 3_600_000;
const failureWindow = RULES['failed-sign-ins-account'].windowMs;
const mfaWindow = RULES['failed-mfa-codes'].windowMs;
const readWindow = RULES['sensitive-read-burst'].windowMs;
const webhookWindow = RULES['webhook-signature-failures'].windowMs;

/** Facts are kept a little longer than the longest window that reads them. */
const keep = (windowMs: number) => 2 * windowMs + HOUR;

/**
 * Runs the rules that an event can trip. Each rule first records the fact it needs (idempotent by
 * event id), then reads the window around the event, so the outcome does not depend on arrival order.
 */
export const detect = async (event: Envelope): Promise<Detection[]> => {
  const at = Date.parse(event.occurredAt);
  const data = event.data as Record<string, unknown>;
  const ip = event.actor.ip ?? 'unknown';
  const found: Detection[] = [];
  switch (event.type) {
    case 'SignInFailed': {
      // Neither is a guess: an invitee who must choose a password, a sign-in left at the MFA step too long.
      if (data.reason === 'PasswordChangeRequired' || data.reason === 'MfaSessionExpired') break;
      const fact = { eventId: event.id, at, email: String(data.email), ip };
      await putFact('signin-failed', fact, keep(failureWindow));
      const facts = await factsBetween('signin-failed', at - failureWindow, at + failureWindow);
      const asFailure = (f: (typeof facts)[number]) => ({
        eventId: f.eventId,
        at: f.at,
        email: String(f.email),
        ip: String(f.ip),
      });
      found.push(...detectSignInFailures(facts.map(asFailure), fact));
      if (MFA_CODE_REASONS.has(String(data.reason))) {
        await putFact(`mfa-failed#${fact.email}`, fact, keep(mfaWindow));
        const codes = await factsBetween(`mfa-failed#${fact.email}`, at - mfaWindow, at + mfaWindow);
        found.push(...detectMfaFailures(codes.map(asFailure), fact));
      }
      break;
    }
    case 'SignInSucceeded': {
      const email = String(data.email);
      const fact = { eventId: event.id, at, email, ip, role: String(data.role) };
      const lookback = THRESHOLDS.newAddressLookbackMs;
      await putFact(`signin-ok#${email}`, fact, lookback + HOUR);
      const history = await factsBetween(`signin-ok#${email}`, at - lookback, at);
      const hit = detectNewAddress(
        history.map((f) => ({ eventId: f.eventId, at: f.at, email, ip: String(f.ip), role: String(f.role) })),
        fact,
      );
      if (hit) found.push(hit);
      break;
    }
    case 'RoleAssigned':
    case 'UserInvited': {
      const hit = detectRoleEscalation({
        eventId: event.id,
        at,
        type: event.type,
        actor: whoOf(event.actor),
        email: String(data.email).toLowerCase(),
        role: String(data.role),
        previousRole: (data.previousRole as string | null | undefined) ?? null,
      });
      if (hit) found.push(hit);
      break;
    }
    case 'SensitiveDataAccessed':
    case 'ExportCreated': {
      const who = whoOf(event.actor);
      const fact = { eventId: event.id, at, who, resource: String(data.resource ?? event.type) };
      await putFact(`read#${who}`, fact, keep(readWindow));
      const facts = await factsBetween(`read#${who}`, at - readWindow, at + readWindow);
      found.push(
        ...detectReadBurst(
          facts.map((f) => ({ eventId: f.eventId, at: f.at, who, resource: String(f.resource) })),
          fact,
        ),
      );
      break;
    }
    case 'WebhookSignatureRejected': {
      const provider = String(data.provider);
      const fact = { eventId: event.id, at, provider, ip, reason: String(data.reason) };
      await putFact(`webhook#${provider}`, fact, keep(webhookWindow));
      const facts = await factsBetween(`webhook#${provider}`, at - webhookWindow, at + webhookWindow);
      found.push(
        ...detectWebhookFailures(
          facts.map((f) => ({
            eventId: f.eventId,
            at: f.at,
            provider,
            ip: String(f.ip),
            reason: String(f.reason),
          })),
          fact,
        ),
      );
      break;
    }
  }
  const offHours = detectOffHours(
    { eventId: event.id, at, type: event.type, who: whoOf(event.actor), role: event.actor.role },
    config.businessHours,
  );
  if (offHours) found.push(offHours);
  return found;
};

/**
 * The security detector: every domain event on the bus. Security events themselves are projected
 * into the security events view (and never fed back into the rules, except webhook signature failures,
 * which other functions report).
 */
export const handler = async (bus: EventBridgeEvent<string, Envelope>): Promise<{ raised: string[] }> => {
  const event = bus.detail;
  if (event.type.startsWith('SecurityEvent')) {
    await projectIncident(event.streamId);
    return { raised: [] };
  }
  const stored = await storedEvent(event);
  if (!stored) {
    logger.error('event on the bus is not in the event store; ignored', {
      eventId: event.id,
      type: event.type,
    });
    return { raised: [] };
  }
  const raised: string[] = [];
  for (const detection of await detect(stored)) {
    if (await raise(detection, stored.correlationId)) raised.push(detection.id);
  }
  if (raised.length) logger.info('raised security events', { raised, eventId: stored.id });
  return { raised };
};
