import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { can, effectiveRole, type Permission } from '../../domain/access/permissions.ts';
import type { Actor } from '../../events/envelope.ts';
import { callerAddress } from './caller-address.ts';
import { HttpProblem } from './problem.ts';

type Claims = Record<string, string | number | boolean | string[]>;

/**
 * API Gateway's HTTP API renders array claims as "[a b]" strings; the local gateway passes arrays.
 * Both shapes are accepted so the same code runs behind either.
 */
export const groupsOf = (claims: Claims): string[] => {
  const raw = claims['cognito:groups'];
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === 'string')
    return raw
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  return [];
};

/** The caller as an event actor. Throws 401 when the authorizer passed no claims, 403 without a role. */
export const actorOf = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Actor => {
  const claims = event.requestContext.authorizer?.jwt?.claims as Claims | undefined;
  if (!claims?.sub) {
    throw new HttpProblem(
      401,
      'unauthenticated',
      'Sign in required',
      'A valid bearer token is required',
      {},
      {
        'www-authenticate': 'Bearer',
      },
    );
  }
  const role = effectiveRole(groupsOf(claims));
  if (!role)
    throw new HttpProblem(403, 'forbidden', 'No role assigned', 'Your account has no Firefly role yet');
  const email = claims.email ?? claims.username ?? claims['cognito:username'];
  return {
    id: String(claims.sub),
    email: email === undefined ? undefined : String(email),
    role,
    ip: callerAddress(event),
    userAgent: event.requestContext.http.userAgent,
  };
};

export const authorize = (actor: Actor, permission: Permission): void => {
  if (!can(actor.role, permission)) {
    throw new HttpProblem(403, 'forbidden', 'Not allowed', `The ${actor.role} role may not ${permission}`);
  }
};

/** When the caller's token was issued (`iat`, seconds), if the authorizer passed it on. */
export const issuedAt = (event: APIGatewayProxyEventV2WithJWTAuthorizer): number | undefined => {
  const claims = event.requestContext.authorizer?.jwt?.claims as Claims | undefined;
  const iat = Number(claims?.iat);
  return Number.isFinite(iat) && iat > 0 ? iat : undefined;
};
