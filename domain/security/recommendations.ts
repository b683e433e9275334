/**
 * Recommendations computed from the current state of accounts and security events. Pure: the API reads
 * Cognito and the audit data, these functions decide what to recommend.
 */
export interface AccountState {
  userId: string;
  email: string;
  role: string | null;
  enabled: boolean;
  /** Cognito's user status: CONFIRMED, FORCE_CHANGE_PASSWORD, … */
  status: string;
  mfa: boolean;
  createdAt: string;
  /** Cognito's last-modified date: password and attribute changes. */
  modifiedAt: string;
  lastSignInAt?: string;
  lastActiveAt?: string;
  /** When the account last set its own password (activation), if the audit log knows. */
  passwordSetAt?: string;
}

export interface OpenSecurityEvent {
  id: string;
  severity: string;
  status: string;
  raisedAt: string;
  title: string;
}

export interface Recommendation {
  id: string;
  severity: 'low' | 'medium' | 'high';
  title: string;
  detail: string;
  /** Accounts (emails) or security events (ids) it is about. */
  subjects: string[];
}

const DAY = 86_400_000;
export const POLICY = {
  unusedAfterDays: 45,
  neverUsedAfterDays: 14,
  staleCredentialDays: 180,
  invitationExpiresDays: 7,
  maxPrivileged: 3,
  unhandledAfterHours: 24,
} as const;

const daysSince = (iso: string | undefined, now: number) => (iso ? (now - Date.parse(iso)) / DAY : Infinity);
const PRIVILEGED = new Set(['owner', 'admin']);

export const recommend = (
  accounts: readonly AccountState[],
  events: readonly OpenSecurityEvent[],
  now: number,
): Recommendation[] => {
  const active = accounts.filter((a) => a.enabled && a.role);
  const out: Recommendation[] = [];
  const add = (r: Recommendation) => {
    if (r.subjects.length > 0) out.push(r);
  };

  add({
    id: 'mfa-for-privileged',
    severity: 'high',
    title: 'Turn on MFA for owners and admins',
    detail:
      'These accounts can manage users, read the audit log and export data, yet sign in with a password alone. Ask each to set up an authenticator app under My account (their email at the top of the console).',
    subjects: active.filter((a) => PRIVILEGED.has(a.role ?? '') && !a.mfa).map((a) => a.email),
  });
  add({
    id: 'unused-accounts',
    severity: 'medium',
    title: 'Disable unused accounts',
    detail: `No sign-in for ${POLICY.unusedAfterDays} days (or never, ${POLICY.neverUsedAfterDays} days after creation). Unused accounts are easy to take over unnoticed; disable them or revoke their role.`,
    subjects: active
      .filter((a) =>
        a.lastSignInAt
          ? daysSince(a.lastSignInAt, now) > POLICY.unusedAfterDays
          : a.status !== 'FORCE_CHANGE_PASSWORD' && daysSince(a.createdAt, now) > POLICY.neverUsedAfterDays,
      )
      .map((a) => a.email),
  });
  add({
    id: 'stale-credentials',
    severity: 'medium',
    title: 'Rotate stale passwords',
    detail: `These passwords have not changed for ${POLICY.staleCredentialDays} days (by Cognito's last-modified date and the audit log). Ask the people to choose new ones, or better, turn on MFA.`,
    subjects: active
      .filter((a) => a.status === 'CONFIRMED')
      .filter((a) => {
        const changed = [a.modifiedAt, a.passwordSetAt].filter(Boolean).sort().at(-1);
        return daysSince(changed, now) > POLICY.staleCredentialDays;
      })
      .map((a) => a.email),
  });
  add({
    id: 'expired-invitations',
    severity: 'low',
    title: 'Follow up expired invitations',
    detail: `Invited more than ${POLICY.invitationExpiresDays} days ago and never activated: the temporary password has expired. Invite them again or remove the account.`,
    subjects: accounts
      .filter(
        (a) =>
          a.status === 'FORCE_CHANGE_PASSWORD' && daysSince(a.createdAt, now) > POLICY.invitationExpiresDays,
      )
      .map((a) => a.email),
  });
  const privileged = active.filter((a) => PRIVILEGED.has(a.role ?? ''));
  if (privileged.length > POLICY.maxPrivileged) {
    add({
      id: 'too-many-privileged',
      severity: 'low',
      title: 'Fewer owners and admins',
      detail: `${privileged.length} accounts hold owner or admin. Keep privileged roles to the few who need them (at most ${POLICY.maxPrivileged}); managers can run the business without user management.`,
      subjects: privileged.map((a) => a.email),
    });
  }
  add({
    id: 'disabled-with-role',
    severity: 'low',
    title: 'Revoke roles of disabled accounts',
    detail:
      'Disabled accounts that still hold a role would get it back if re-enabled by mistake. Revoke the role to make the removal complete.',
    subjects: accounts.filter((a) => !a.enabled && a.role).map((a) => a.email),
  });
  add({
    id: 'unhandled-security-events',
    severity: 'high',
    title: 'Handle open high-severity security events',
    detail: `High or critical security events open for more than ${POLICY.unhandledAfterHours} hours. Acknowledge them when someone is looking, and resolve them with what was found.`,
    subjects: events
      .filter(
        (e) =>
          e.status === 'open' &&
          (e.severity === 'high' || e.severity === 'critical') &&
          now - Date.parse(e.raisedAt) > POLICY.unhandledAfterHours * 3_600_000,
      )
      .map((e) => e.id),
  });
  const order = { high: 0, medium: 1, low: 2 };
  return out.sort((a, b) => order[a.severity] - order[b.severity]);
};
