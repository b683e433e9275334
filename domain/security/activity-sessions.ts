/**
 * Sessions from the audit log: each successful sign-in opens one, and the person's later activity from
 * the same address belongs to it until their next sign-in or the tokens' lifetime with refreshes runs out.
 */
export interface ActivityItem {
  eventId: string;
  eventType: string;
  occurredAt: string;
  ip?: string;
  userAgent?: string;
  summary: string;
}

export interface Session {
  startedAt: string;
  lastActivityAt: string;
  ip?: string;
  userAgent?: string;
  actions: number;
  signInEventId: string;
}

/** A refresh token lives 30 days in AWS, but a console session idles out long before; 12 hours bounds one. */
export const SESSION_MAX_MS = 12 * 3_600_000;

export const sessionsOf = (items: readonly ActivityItem[]): Session[] => {
  const sorted = [...items].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const sessions: Session[] = [];
  let current: Session | undefined;
  for (const item of sorted) {
    if (item.eventType === 'SignInSucceeded') {
      current = {
        startedAt: item.occurredAt,
        lastActivityAt: item.occurredAt,
        ip: item.ip,
        userAgent: item.userAgent,
        actions: 0,
        signInEventId: item.eventId,
      };
      sessions.push(current);
      continue;
    }
    if (
      current &&
      item.eventType !== 'SignInFailed' &&
      item.ip === current.ip &&
      Date.parse(item.occurredAt) - Date.parse(current.startedAt) <= SESSION_MAX_MS
    ) {
      current.actions += 1;
      current.lastActivityAt = item.occurredAt;
    }
  }
  return sessions.reverse();
};
