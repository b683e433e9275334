import { isRole, ROLES, type Role } from '../access/permissions.ts';
import { DomainError } from '../shared/decider.ts';

/**
 * Who may change whose access, beyond the `users:manage` permission the routes require:
 * - nobody changes their own role, revokes it, disables themselves or resets their own MFA (another
 *   owner or admin must: a stolen session must not be able to remove the second factor);
 * - a role can only be granted by someone whose own role is at least as powerful, so admins grant up
 *   to admin and only owners grant owner;
 * - only an owner may change, revoke, disable or re-enable an owner's account;
 * - the last enabled owner can be neither demoted, revoked nor disabled, so the business always keeps
 *   someone who can manage everything.
 * Refusals are 422 problems with a plain explanation (403 stays the matrix's answer).
 */
export type AccessChange =
  | { kind: 'invite'; role: Role }
  | { kind: 'assign'; role: Role }
  | { kind: 'revoke' }
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'unlock' }
  /** Turns off someone's MFA (a lost phone): they sign in with their password and enrol again. */
  | { kind: 'reset-mfa' };

export interface AccessActor {
  id: string;
  email?: string;
  role: string;
}

export interface AccessTarget {
  userId: string;
  email: string;
  role: Role | null;
  enabled: boolean;
}

const rank = (role: string) => (ROLES as readonly string[]).indexOf(role);

const refuse = (message: string): never => {
  throw new DomainError('access-rule', message, 422);
};

export const checkAccessChange = (
  actor: AccessActor,
  target: AccessTarget | undefined,
  change: AccessChange,
  enabledOwners: number,
): void => {
  if (!isRole(actor.role)) refuse('Your role cannot manage users');
  if ('role' in change && rank(change.role) < rank(actor.role)) {
    refuse(
      `Only an ${change.role === 'owner' ? 'owner' : 'owner or admin'} can grant the ${change.role} role`,
    );
  }
  if (!target) return;
  const self = target.userId === actor.id || (actor.email !== undefined && target.email === actor.email);
  if (self && change.kind !== 'unlock' && change.kind !== 'enable') {
    refuse('You cannot change your own access; ask another owner or admin');
  }
  if (target.role === 'owner' && actor.role !== 'owner' && change.kind !== 'unlock') {
    refuse("Only an owner can change an owner's access");
  }
  const removesOwner =
    target.role === 'owner' &&
    target.enabled &&
    (change.kind === 'revoke' ||
      change.kind === 'disable' ||
      (change.kind === 'assign' && change.role !== 'owner'));
  if (removesOwner && enabledOwners <= 1) {
    refuse('This is the last enabled owner; make someone else an owner first');
  }
};
