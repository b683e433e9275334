import type * as z from 'zod';
import { type DetectionFindings, Severity as SeverityEnum } from '../../events/contexts/security.ts';
import { ROLES } from '../access/permissions.ts';
import { sha256 } from '../audit/hash-chain.ts';
import { type BusinessHours, describeHours, isBusinessTime, localTime } from './business-hours.ts';

/**
 * Detection rules over the event stream. Pure: the detector (functions/security/detector.ts) keeps the
 * facts each rule needs (recent failures, known addresses, reads) and asks these functions what to raise.
 *
 * Events arrive at least once and in any order, so every rule is written over a set of facts keyed by
 * event id (a duplicate changes nothing) and a detection's id is derived from the rule, its subject and
 * a time bucket, never from which event happened to trip it: the detector creates the security event
 * only if that id is new, so a detection is raised once however the events arrive. For windowed rules the
 * detector evaluates the window ending at the triggering event and the window ending at the newest fact
 * within one window after it, so an event that arrives late still counts toward the windows it belongs to.
 */
export type Severity = z.infer<typeof SeverityEnum>;
export const SEVERITIES: readonly Severity[] = SeverityEnum.options;

export type RuleId =
  | 'failed-sign-ins-account'
  | 'failed-sign-ins-address'
  | 'failed-mfa-codes'
  | 'credential-stuffing'
  | 'new-address-sign-in'
  | 'role-escalation'
  | 'sensitive-read-burst'
  | 'off-hours-activity'
  | 'webhook-signature-failures'
  | 'audit-log-tampering';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface RuleInfo {
  id: RuleId;
  title: string;
  /** What the rule watches, why it matters and what to do, in plain language. */
  explanation: string;
  /** The thresholds, in words. */
  thresholds: string;
  windowMs: number;
}

export const THRESHOLDS = {
  accountFailures: { medium: 5, high: 10 },
  addressFailures: { medium: 10, high: 25 },
  mfaFailures: { high: 3, critical: 6 },
  stuffingOneAddress: 5,
  stuffingFewAddresses: { accounts: 8, addresses: 3 },
  reads: { medium: 10, high: 30 },
  webhook: { high: 5, critical: 20 },
  newAddressLookbackMs: 90 * DAY,
} as const;

export const RULES: Record<RuleId, RuleInfo> = {
  'failed-sign-ins-account': {
    id: 'failed-sign-ins-account',
    title: 'Repeated failed sign-ins for one account',
    explanation:
      'Counts failed sign-ins for each account. Several failures in a short time usually mean someone is guessing the password, or the person has forgotten it. The account locks itself for a while after five failures. Ask the person whether it was them; if not, reset their password and check where the attempts came from.',
    thresholds: '5 failures for one account within 15 minutes: medium; 10: high',
    windowMs: 15 * MINUTE,
  },
  'failed-sign-ins-address': {
    id: 'failed-sign-ins-address',
    title: 'Repeated failed sign-ins from one address',
    explanation:
      'Counts failed sign-ins from each network address, whatever account they name. Many failures from one address suggest an automated password-guessing tool. Sign-in from that address is paused after 20 failures in an hour. Block the address at the firewall if the attempts continue.',
    thresholds: '10 failures from one address within 15 minutes: medium; 25: high',
    windowMs: 15 * MINUTE,
  },
  'failed-mfa-codes': {
    id: 'failed-mfa-codes',
    title: 'Repeated wrong MFA codes for one account',
    explanation:
      "Counts wrong codes from an authenticator app for each account. A code is only asked for after the right password, so repeated wrong codes mean someone who is not the account's owner probably knows the password. The codes count toward the account's lockout. Ask the person whether it was them; if not, reset their password at once and check where the attempts came from.",
    thresholds: '3 wrong MFA codes for one account within 15 minutes: high; 6: critical',
    windowMs: 15 * MINUTE,
  },
  'credential-stuffing': {
    id: 'credential-stuffing',
    title: 'Credential stuffing: failures across many accounts',
    explanation:
      'Looks for failed sign-ins spread across many different accounts from one address, or from a small group of addresses. That is the signature of credential stuffing: trying email and password pairs leaked from other websites. Make sure every staff account uses a unique password and MFA, and block the addresses.',
    thresholds:
      'One address failing on 5 or more different accounts within 15 minutes, or at most 3 addresses together failing on 8 or more: high',
    windowMs: 15 * MINUTE,
  },
  'new-address-sign-in': {
    id: 'new-address-sign-in',
    title: 'Sign-in from a new address',
    explanation:
      'Notes a successful sign-in from a network address the account has not used in the last 90 days. Often harmless (travel, a new phone or internet provider), but it is also what a stolen password looks like. Confirm with the person, especially for owners and admins.',
    thresholds:
      'Any successful sign-in from an address unseen for 90 days: low; medium for owners and admins',
    windowMs: 90 * DAY,
  },
  'role-escalation': {
    id: 'role-escalation',
    title: 'Role escalation',
    explanation:
      'Raises whenever someone is given a more powerful role, or is invited straight into the owner or admin role. Privileged roles can change users, read the audit log and export data, so every grant should be expected. Check with the person who made the change.',
    thresholds: 'A grant of a higher role: medium; to admin: high; to owner: critical',
    windowMs: 0,
  },
  'sensitive-read-burst': {
    id: 'sensitive-read-burst',
    title: 'Burst of exports or sensitive reads',
    explanation:
      'Counts exports, audit-log queries, evidence packs and access reviews by each person. A burst of them can mean data is being collected to take away, or a stolen session being used. Ask the person what they needed.',
    thresholds: '10 sensitive reads or exports by one person within 10 minutes: medium; 30: high',
    windowMs: 10 * MINUTE,
  },
  'off-hours-activity': {
    id: 'off-hours-activity',
    title: 'Activity outside business hours',
    explanation:
      'Notes the first time each day that a person signs in or changes something outside business hours. Usually someone working late; sometimes a stolen session used while nobody is watching. Access changes and exports at those times deserve a closer look.',
    thresholds:
      'Once per person per day: low; medium when it includes access changes, security changes or exports',
    windowMs: DAY,
  },
  'webhook-signature-failures': {
    id: 'webhook-signature-failures',
    title: 'Repeated webhook signature failures',
    explanation:
      "Counts webhook requests refused because their signature did not verify. A few can be a misconfigured integration after a secret rotation; many mean someone is sending forged webhooks to try to fake payments or orders. Check the provider's signing secret and the source addresses.",
    thresholds: '5 refused signatures for one provider within 10 minutes: high; 20: critical',
    windowMs: 10 * MINUTE,
  },
  'audit-log-tampering': {
    id: 'audit-log-tampering',
    title: 'The audit log no longer verifies',
    explanation:
      'The hourly digest job re-checks the entries it is about to seal, and verification checks them all. An entry that was edited, deleted, inserted or moved breaks the hash chain. Nobody should be able to write to the audit table outside the audit consumer: treat this as an intrusion, preserve the table and the digest bucket as they are, and review who had write access.',
    thresholds: 'Any broken link: critical',
    windowMs: 0,
  },
};

/** The security event raised when verification finds a broken link. */
export const detectTampering = (
  broken: { seq: number; kind: string; message: string },
  at: number,
): Detection =>
  detection(
    'audit-log-tampering',
    'critical',
    `Audit log tampering: ${broken.message}`,
    { kind: 'audit-entry', id: String(broken.seq) },
    { seq: broken.seq, kind: broken.kind, message: broken.message },
    { start: at, end: at },
    Math.floor(at / DAY) * DAY,
  );

/** What a rule found (the fields of `SecurityEventRaised`), under a stable id. */
export interface Detection extends z.infer<typeof DetectionFindings> {
  /** Stable: the same rule, subject, severity and time bucket always give the same id. */
  id: string;
  rule: RuleId;
}

export interface Fact {
  eventId: string;
  /** Epoch ms. */
  at: number;
}
export interface SignInFailure extends Fact {
  email: string;
  ip: string;
}
export interface SignInSuccess extends Fact {
  email: string;
  ip: string;
  role: string;
}
export interface ReadFact extends Fact {
  who: string;
  resource: string;
}
export interface WebhookFact extends Fact {
  provider: string;
  ip: string;
  reason: string;
}

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')
    .slice(0, 13);

/** `<bucket time>-<rule>-<hash>`: sorts by time, fits the API's id pattern. */
export const detectionId = (rule: RuleId, bucketMs: number, ...parts: string[]): string =>
  `${stamp(bucketMs)}-${rule}-${sha256(parts.join('\u0000')).slice(0, 10)}`;

const bucketOf = (at: number, size: number) => Math.floor(at / size) * size;
const iso = (ms: number) => new Date(ms).toISOString();
const distinct = <T>(values: readonly T[]) => [...new Set(values)];
const newest = <F extends Fact>(facts: readonly F[], n = 20) =>
  [...facts]
    .sort((a, b) => b.at - a.at)
    .slice(0, n)
    .map((f) => f.eventId);

/** The windows an event belongs to (see the module comment). */
export const windowsFor = <F extends Fact>(
  facts: readonly F[],
  trigger: F,
  windowMs: number,
): { end: number; facts: F[] }[] => {
  const all = facts.some((f) => f.eventId === trigger.eventId) ? facts : [...facts, trigger];
  const later = all.filter((f) => f.at > trigger.at && f.at <= trigger.at + windowMs);
  const ends = [trigger.at, ...(later.length ? [Math.max(...later.map((f) => f.at))] : [])];
  return ends.map((end) => ({ end, facts: all.filter((f) => f.at > end - windowMs && f.at <= end) }));
};

const detection = (
  rule: RuleId,
  severity: Severity,
  title: string,
  subject: Detection['subject'],
  evidence: Record<string, unknown>,
  window: { start: number; end: number },
  bucketMs: number,
): Detection => ({
  id: detectionId(rule, bucketMs, subject.kind, subject.id, severity),
  rule,
  severity,
  title,
  explanation: RULES[rule].explanation,
  subject,
  evidence,
  windowStart: iso(window.start),
  windowEnd: iso(window.end),
});

const level = <K extends string>(count: number, thresholds: Record<K, number>): K | undefined =>
  (Object.entries(thresholds) as [K, number][])
    .sort((a, b) => b[1] - a[1])
    .find(([, min]) => count >= min)?.[0];

/** Dedupes detections by id, keeping the first. */
const unique = (detections: Detection[]) => [...new Map(detections.map((d) => [d.id, d])).values()];

/** Failed sign-ins: per account, per address, and spread across accounts (credential stuffing). */
export const detectSignInFailures = (
  facts: readonly SignInFailure[],
  trigger: SignInFailure,
): Detection[] => {
  const windowMs = RULES['failed-sign-ins-account'].windowMs;
  const found: Detection[] = [];
  for (const { end, facts: inWindow } of windowsFor(facts, trigger, windowMs)) {
    const window = { start: end - windowMs, end };
    const bucket = bucketOf(end, windowMs);
    const forAccount = inWindow.filter((f) => f.email === trigger.email);
    const accountLevel = level(forAccount.length, THRESHOLDS.accountFailures);
    if (accountLevel) {
      found.push(
        detection(
          'failed-sign-ins-account',
          accountLevel,
          `${forAccount.length} failed sign-ins for ${trigger.email} within 15 minutes`,
          { kind: 'account', id: trigger.email },
          {
            failures: forAccount.length,
            addresses: distinct(forAccount.map((f) => f.ip)).slice(0, 20),
            eventIds: newest(forAccount),
          },
          window,
          bucket,
        ),
      );
    }
    const fromAddress = inWindow.filter((f) => f.ip === trigger.ip);
    const addressLevel = level(fromAddress.length, THRESHOLDS.addressFailures);
    if (addressLevel) {
      found.push(
        detection(
          'failed-sign-ins-address',
          addressLevel,
          `${fromAddress.length} failed sign-ins from ${trigger.ip} within 15 minutes`,
          { kind: 'address', id: trigger.ip },
          {
            failures: fromAddress.length,
            accounts: distinct(fromAddress.map((f) => f.email)).slice(0, 20),
            eventIds: newest(fromAddress),
          },
          window,
          bucket,
        ),
      );
    }
    const accountsFromAddress = distinct(fromAddress.map((f) => f.email));
    if (accountsFromAddress.length >= THRESHOLDS.stuffingOneAddress) {
      found.push(
        detection(
          'credential-stuffing',
          'high',
          `${trigger.ip} failed to sign in to ${accountsFromAddress.length} different accounts within 15 minutes`,
          { kind: 'address', id: trigger.ip },
          {
            accounts: accountsFromAddress.slice(0, 50),
            accountCount: accountsFromAddress.length,
            failures: fromAddress.length,
            eventIds: newest(fromAddress),
          },
          window,
          bucket,
        ),
      );
    } else {
      // A few addresses sharing the work: the top three by accounts tried, together.
      const byAddress = new Map<string, Set<string>>();
      for (const f of inWindow) byAddress.set(f.ip, (byAddress.get(f.ip) ?? new Set()).add(f.email));
      const top = [...byAddress.entries()]
        .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))
        .slice(0, THRESHOLDS.stuffingFewAddresses.addresses);
      const accounts = distinct(top.flatMap(([, emails]) => [...emails]));
      const involved = top.filter(([, emails]) => emails.size >= 2);
      if (
        accounts.length >= THRESHOLDS.stuffingFewAddresses.accounts &&
        involved.length >= 2 &&
        top.some(([ip]) => ip === trigger.ip)
      ) {
        const addresses = top.map(([ip]) => ip).sort();
        found.push(
          detection(
            'credential-stuffing',
            'high',
            `${addresses.length} addresses together failed to sign in to ${accounts.length} different accounts within 15 minutes`,
            { kind: 'addresses', id: 'several' },
            {
              addresses,
              accounts: accounts.slice(0, 50),
              accountCount: accounts.length,
              eventIds: newest(inWindow.filter((f) => addresses.includes(f.ip))),
            },
            window,
            bucket,
          ),
        );
      }
    }
  }
  return unique(found);
};

/** Wrong MFA codes for one account: the password was right, the second factor was not. */
export const detectMfaFailures = (facts: readonly SignInFailure[], trigger: SignInFailure): Detection[] => {
  const windowMs = RULES['failed-mfa-codes'].windowMs;
  const found: Detection[] = [];
  for (const { end, facts: inWindow } of windowsFor(facts, trigger, windowMs)) {
    const mine = inWindow.filter((f) => f.email === trigger.email);
    const severity = level(mine.length, THRESHOLDS.mfaFailures);
    if (!severity) continue;
    found.push(
      detection(
        'failed-mfa-codes',
        severity,
        `${mine.length} wrong MFA codes for ${trigger.email} within 15 minutes`,
        { kind: 'account', id: trigger.email },
        {
          failures: mine.length,
          addresses: distinct(mine.map((f) => f.ip)).slice(0, 20),
          eventIds: newest(mine),
        },
        { start: end - windowMs, end },
        bucketOf(end, windowMs),
      ),
    );
  }
  return unique(found);
};

const rankOf = (role: string | null | undefined): number => {
  const index = (ROLES as readonly string[]).indexOf(role ?? '');
  return index === -1 ? ROLES.length : index;
};
const PRIVILEGED = new Set(['owner', 'admin']);

/** A successful sign-in from an address this account has not used within the lookback. */
export const detectNewAddress = (
  history: readonly SignInSuccess[],
  trigger: SignInSuccess,
): Detection | undefined => {
  const lookback = THRESHOLDS.newAddressLookbackMs;
  const earlier = history.filter(
    (h) => h.eventId !== trigger.eventId && h.at < trigger.at && h.at >= trigger.at - lookback,
  );
  // The first sign-in has nothing to compare with; an address seen before is not new.
  if (earlier.length === 0 || earlier.some((h) => h.ip === trigger.ip)) return undefined;
  const severity: Severity = PRIVILEGED.has(trigger.role) ? 'medium' : 'low';
  return detection(
    'new-address-sign-in',
    severity,
    `${trigger.email} signed in from a new address, ${trigger.ip}`,
    { kind: 'account', id: trigger.email },
    {
      address: trigger.ip,
      role: trigger.role,
      knownAddresses: distinct(earlier.map((h) => h.ip)).slice(0, 20),
      eventIds: [trigger.eventId],
    },
    { start: trigger.at - lookback, end: trigger.at },
    bucketOf(trigger.at, DAY),
  );
};

export interface RoleChange extends Fact {
  type: 'RoleAssigned' | 'UserInvited';
  actor: string;
  email: string;
  role: string;
  previousRole: string | null;
}

export const detectRoleEscalation = (change: RoleChange): Detection | undefined => {
  const to = rankOf(change.role);
  const from = rankOf(change.previousRole);
  if (to >= from || to === ROLES.length) return undefined;
  // Onboarding into an ordinary role is not an escalation; straight into a privileged one is.
  if (change.previousRole === null && !PRIVILEGED.has(change.role)) return undefined;
  const self = change.actor === change.email;
  const severity: Severity =
    change.role === 'owner' || self ? 'critical' : change.role === 'admin' ? 'high' : 'medium';
  return detection(
    'role-escalation',
    severity,
    change.previousRole
      ? `${change.actor} raised ${change.email} from ${change.previousRole} to ${change.role}`
      : `${change.actor} invited ${change.email} straight into the ${change.role} role`,
    { kind: 'account', id: change.email },
    {
      by: change.actor,
      role: change.role,
      previousRole: change.previousRole,
      selfGrant: self,
      eventIds: [change.eventId],
    },
    { start: change.at, end: change.at },
    bucketOf(change.at, MINUTE),
  );
};

/** Exports, audit queries, evidence packs and access reviews by one person. */
export const detectReadBurst = (facts: readonly ReadFact[], trigger: ReadFact): Detection[] => {
  const windowMs = RULES['sensitive-read-burst'].windowMs;
  const found: Detection[] = [];
  for (const { end, facts: inWindow } of windowsFor(facts, trigger, windowMs)) {
    const mine = inWindow.filter((f) => f.who === trigger.who);
    const severity = level(mine.length, THRESHOLDS.reads);
    if (!severity) continue;
    const resources: Record<string, number> = {};
    for (const f of mine) resources[f.resource] = (resources[f.resource] ?? 0) + 1;
    found.push(
      detection(
        'sensitive-read-burst',
        severity,
        `${trigger.who} made ${mine.length} exports or sensitive reads within 10 minutes`,
        { kind: 'user', id: trigger.who },
        { reads: mine.length, resources, eventIds: newest(mine) },
        { start: end - windowMs, end },
        bucketOf(end, windowMs),
      ),
    );
  }
  return unique(found);
};

/** Event types that make off-hours activity worth a closer look. */
export const SENSITIVE_TYPES: ReadonlySet<string> = new Set([
  'UserInvited',
  'RoleAssigned',
  'RoleRevoked',
  'UserDisabled',
  'UserEnabled',
  'AccountUnlocked',
  'MfaEnabled',
  'MfaReset',
  'SensitiveDataAccessed',
  'ExportCreated',
  'SecurityEventResolved',
  'RestoreCompleted',
]);

/** Roles that are not people: system jobs, anonymous callers (failed sign-ins, webhooks) and API keys. */
export const isPerson = (role: string): boolean =>
  role !== 'system' && role !== 'anonymous' && role !== 'api-key';

export const detectOffHours = (
  event: Fact & { type: string; who: string; role: string },
  hours: BusinessHours,
): Detection | undefined => {
  // Reading one's notifications is not working on the business (and would notify of itself at night).
  if (!isPerson(event.role) || event.type === 'SignInFailed' || event.type === 'NotificationRead')
    return undefined;
  const at = new Date(event.at);
  if (isBusinessTime(at, hours)) return undefined;
  const local = localTime(at, hours.timeZone);
  const severity: Severity = SENSITIVE_TYPES.has(event.type) ? 'medium' : 'low';
  const localStamp = `${local.date} ${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`;
  return {
    ...detection(
      'off-hours-activity',
      severity,
      `${event.who} was active outside business hours (${event.type} at ${localStamp} local time)`,
      { kind: 'user', id: event.who },
      {
        eventType: event.type,
        localTime: localStamp,
        businessHours: describeHours(hours),
        eventIds: [event.eventId],
      },
      { start: event.at, end: event.at },
      0,
    ),
    // One per person, local day and severity, whatever the time of the first event that day.
    id: `${local.date.replace(/-/g, '')}T0000-off-hours-activity-${sha256(`${event.who}\u0000${local.date}\u0000${severity}`).slice(0, 10)}`,
  };
};

export const detectWebhookFailures = (facts: readonly WebhookFact[], trigger: WebhookFact): Detection[] => {
  const windowMs = RULES['webhook-signature-failures'].windowMs;
  const found: Detection[] = [];
  for (const { end, facts: inWindow } of windowsFor(facts, trigger, windowMs)) {
    const mine = inWindow.filter((f) => f.provider === trigger.provider);
    const severity = level(mine.length, THRESHOLDS.webhook);
    if (!severity) continue;
    found.push(
      detection(
        'webhook-signature-failures',
        severity,
        `${mine.length} ${trigger.provider} webhooks refused for bad signatures within 10 minutes`,
        { kind: 'webhook', id: trigger.provider },
        {
          failures: mine.length,
          addresses: distinct(mine.map((f) => f.ip)).slice(0, 20),
          reasons: distinct(mine.map((f) => f.reason)),
          eventIds: newest(mine),
        },
        { start: end - windowMs, end },
        bucketOf(end, windowMs),
      ),
    );
  }
  return unique(found);
};
