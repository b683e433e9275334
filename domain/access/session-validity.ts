/**
 * Whether a signed-in session still speaks for its account. An ID token states the role it was issued
 * with and lives for an hour; a role change, revocation or disabling made after it was issued must not
 * wait for it to expire.
 */
export const ACCESS_CHANGES = new Set(['RoleAssigned', 'RoleRevoked', 'UserDisabled']);

export interface AccountEvent {
  type: string;
  occurredAt: string;
}

/**
 * The access change that ended a session issued at `issuedAt` (the token's `iat`, whole seconds), if
 * any. Only changes from the second after issue count: `iat` is rounded down, and a change made in the
 * same second as the sign-in is one the new token already reflects.
 */
export const sessionEndedBy = (issuedAt: number, events: readonly AccountEvent[]): AccountEvent | undefined =>
  events.find((e) => ACCESS_CHANGES.has(e.type) && Date.parse(e.occurredAt) >= (issuedAt + 1) * 1000);
