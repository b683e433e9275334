import {
  API_KEY_ROLE,
  allows,
  effectiveRole,
  isServiceRole,
  type Permission,
  WORKFLOW_ROLE,
} from '../../domain/access/permissions.ts';
import type { Actor } from '../../events/envelope.ts';
import { callerOf, type HttpEvent, splitList } from './caller.ts';
import { callerAddress } from './caller-address.ts';
import { HttpProblem } from './problem.ts';

/**
 * A token's groups: Cognito puts an array in `cognito:groups`; API Gateway once rendered it as "[a b]".
 * Both shapes are accepted.
 */
export const groupsOf = (claims: Record<string, unknown>): string[] => {
  const raw = claims['cognito:groups'];
  if (Array.isArray(raw)) return raw.map(String);
  return typeof raw === 'string' ? splitList(raw) : [];
};

const unauthenticated = (code: string, detail: string) =>
  new HttpProblem(
    401,
    code,
    'Sign in required',
    detail,
    {},
    { 'www-authenticate': code === 'unauthenticated' ? 'Bearer' : 'Bearer error="invalid_token"' },
  );

/**
 * The caller as an event actor: a person (their Cognito id and role) or an API key (`apikey:<keyId>`,
 * role `api-key`, with exactly the key's permissions). Throws 401 when the authorizer accepted no one,
 * 403 for a person without a role.
 */
export const actorOf = (event: HttpEvent): Actor => {
  const caller = callerOf(event);
  if (!caller) throw unauthenticated('unauthenticated', 'A valid bearer token or API key is required');
  if (caller.kind === 'refused') throw unauthenticated(caller.code, caller.detail);
  const where = { ip: callerAddress(event), userAgent: event.requestContext.http.userAgent };
  if (caller.kind === 'workflow') {
    return {
      id: `workflow:${caller.workflowId}`,
      role: WORKFLOW_ROLE,
      permissions: splitList(caller.permissions),
    };
  }
  if (caller.kind === 'api-key') {
    return {
      id: `apikey:${caller.keyId}`,
      role: API_KEY_ROLE,
      permissions: splitList(caller.permissions),
      ...where,
    };
  }
  const role = effectiveRole(splitList(caller.groups));
  if (!role)
    throw new HttpProblem(403, 'forbidden', 'No role assigned', 'Your account has no Firefly role yet');
  return { id: caller.sub, ...(caller.email ? { email: caller.email } : {}), role, ...where };
};

export const authorize = (actor: Actor, permission: Permission): void => {
  if (allows(actor, permission)) return;
  throw new HttpProblem(
    403,
    'forbidden',
    'Not allowed',
    actor.role === API_KEY_ROLE
      ? `This API key does not carry the ${permission} permission`
      : actor.role === WORKFLOW_ROLE
        ? `The workflow was not published with the ${permission} permission`
        : `The ${actor.role} role may not ${permission}`,
  );
};

/** Routes for a person's own account (and issuing API keys) refuse API keys: a key is no one's session. */
export const assertPerson = (actor: Actor): void => {
  if (!isServiceRole(actor.role)) return;
  throw new HttpProblem(
    403,
    'people-only',
    'Not for API keys',
    'This route is for people signed in to the console; an API key or a workflow cannot call it',
  );
};

/** When the caller's token was issued (`iat`, seconds), if the authorizer passed it on. */
export const issuedAt = (event: HttpEvent): number | undefined => {
  const caller = callerOf(event);
  const iat = Number(caller?.kind === 'user' ? caller.iat : undefined);
  return Number.isFinite(iat) && iat > 0 ? iat : undefined;
};
