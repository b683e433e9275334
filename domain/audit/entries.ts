import { eventCatalog } from '../../events/catalog.ts';
import { type Actor, aggregateOf, type Envelope, idOf } from '../../events/envelope.ts';

/**
 * The audit log's entries: one per domain event, saying who (actor id, email, role, source address,
 * user agent), what (event type, the record it changed, a readable summary and the event's data), when
 * (the event's time and when it was chained) and why (correlation and causation ids). How entries are
 * chained and sealed is hash-chain.ts.
 */
export const ENTRY_FORMAT = 'firefly-audit-entry/1';

/** The actor as the audit log keeps it: the envelope's actor, with the user agent cut to 512 characters. */
export type AuditActor = Actor;

/** An entry before it is chained: a pure function of the event. */
export interface AuditBody {
  format: typeof ENTRY_FORMAT;
  eventId: string;
  eventType: string;
  eventVersion: number;
  /** The bounded context, as the bus source names it without `firefly.`. */
  context: string;
  streamId: string;
  streamVersion: number;
  record: { type: string; id: string };
  occurredAt: string;
  actor: AuditActor;
  correlationId: string;
  causationId: string;
  summary: string;
  changes: Record<string, unknown>;
}

export interface AuditEntry extends AuditBody {
  seq: number;
  prevHash: string;
  /** When the entry joined the chain; never earlier than the entry before it. */
  chainedAt: string;
}

/** Who an entry is about for search: the actor's email when known (API calls), else their id. */
export const whoOf = (actor: Pick<AuditActor, 'id' | 'email'>): string =>
  (actor.email ?? actor.id).trim().toLowerCase();

const humanName = (actor: AuditActor) => actor.email ?? actor.id;

const scalar = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.length > 80 ? `${value.slice(0, 77)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'none';
  return undefined;
};

/** Up to four scalar fields of the data, skipping the record's own id: the gist of a change. */
const details = (data: Record<string, unknown>, recordId: string): string =>
  Object.entries(data)
    .filter(([, value]) => scalar(value) !== undefined && value !== recordId)
    .slice(0, 4)
    .map(([key, value]) => `${key} ${scalar(value)}`)
    .join(', ');

type Summarizer = (data: Record<string, unknown>, actor: AuditActor) => string;
const s = (value: unknown) => String(value ?? '');

/** Summaries for the access and security events, which deserve more than the generic form. */
const SUMMARIES: Record<string, Summarizer> = {
  SignInSucceeded: (d) => `${s(d.email)} signed in as ${s(d.role)}`,
  SignInFailed: (d) =>
    `Failed sign-in for ${s(d.email)} (${s(d.reason)})${d.lockedUntil ? `; locked until ${s(d.lockedUntil)}` : ''}`,
  AccountLocked: (d) => `${s(d.email)} locked until ${s(d.until)} after ${s(d.failures)} failed sign-ins`,
  AccountUnlocked: (d, a) => `${humanName(a)} unlocked ${s(d.email)}`,
  UserInvited: (d, a) => `${humanName(a)} invited ${s(d.email)} as ${s(d.role)}`,
  UserActivated: (d) => `${s(d.email)} set a password and activated their account`,
  RoleAssigned: (d, a) =>
    d.previousRole
      ? `${humanName(a)} changed ${s(d.email)}'s role from ${s(d.previousRole)} to ${s(d.role)}`
      : `${humanName(a)} gave ${s(d.email)} the ${s(d.role)} role`,
  RoleRevoked: (d, a) => `${humanName(a)} revoked the ${s(d.role)} role from ${s(d.email)}`,
  UserDisabled: (d, a) => `${humanName(a)} disabled ${s(d.email)}: ${s(d.reason)}`,
  UserEnabled: (d, a) => `${humanName(a)} re-enabled ${s(d.email)}`,
  MfaEnabled: (d) => `${s(d.email)} turned on MFA with an authenticator app`,
  MfaReset: (d, a) => `${humanName(a)} reset ${s(d.email)}'s MFA: ${s(d.reason)}`,
  SensitiveDataAccessed: (d, a) =>
    `${humanName(a)} ${s(d.action)} ${s(d.resource)}${d.count === undefined ? '' : ` (${s(d.count)} rows)`}: ${s(d.detail)}`,
  SecurityEventRaised: (d) => `${s(d.severity)} security event: ${s(d.title)}`,
  SecurityEventAcknowledged: (d, a) => `${humanName(a)} acknowledged security event ${s(d.securityEventId)}`,
  SecurityEventResolved: (d, a) =>
    `${humanName(a)} resolved security event ${s(d.securityEventId)} as ${s(d.resolution)}`,
  WebhookSignatureRejected: (d, a) =>
    `Refused a ${s(d.provider)} webhook to ${s(d.endpoint)} from ${a.ip ?? 'an unknown address'}: signature ${s(d.reason)}`,
};

/** A readable one-line account of an event. */
export const summarize = (event: Pick<Envelope, 'type' | 'streamId' | 'data' | 'actor'>): string => {
  const special = SUMMARIES[event.type];
  if (special) return special(event.data, event.actor);
  const what = eventCatalog.get(event.type)?.summary ?? event.type;
  const recordId = idOf(event.streamId);
  const gist = details(event.data, recordId);
  return `${humanName(event.actor)}: ${what} (${aggregateOf(event.streamId)} ${recordId})${gist ? ` — ${gist}` : ''}`;
};

const cleanActor = (actor: Actor): AuditActor => ({
  id: actor.id,
  ...(actor.email ? { email: actor.email } : {}),
  role: actor.role,
  ...(actor.ip ? { ip: actor.ip } : {}),
  ...(actor.userAgent ? { userAgent: actor.userAgent.slice(0, 512) } : {}),
});

/** The audit entry for an event, before chaining. */
export const auditBody = (event: Envelope): AuditBody => ({
  format: ENTRY_FORMAT,
  eventId: event.id,
  eventType: event.type,
  eventVersion: event.version,
  context: eventCatalog.get(event.type)?.context ?? 'unknown',
  streamId: event.streamId,
  streamVersion: event.streamVersion,
  record: { type: aggregateOf(event.streamId), id: idOf(event.streamId) },
  occurredAt: event.occurredAt,
  actor: cleanActor(event.actor),
  correlationId: event.correlationId,
  causationId: event.causationId,
  summary: summarize(event),
  changes: event.data,
});
