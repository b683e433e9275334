import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { groupsOf } from '../http/auth.ts';
import type { CallerContext } from '../http/caller.ts';
import { observability } from '../runtime/observability.ts';
import { checkApiKey, looksLikeApiKey } from './api-keys.ts';
import { verifyToken } from './tokens.ts';

const { logger, metrics, instrument } = observability('authorizer');

type Result = APIGatewaySimpleAuthorizerWithContextResult<CallerContext>;

/**
 * The API's one authorizer (API Gateway allows one per route): `Authorization: Bearer <token>` is
 * either a user pool token (a person) or an API key (`ffk_…`, a third party). It answers who the
 * caller is in the context, and passes a refusal on in the context too, so the route's function can
 * answer it as a 401 problem saying why (API Gateway's own denial is a bare 403 without a reason).
 *
 * In AWS the answer is cached per Authorization header for up to 60 seconds (infra/aws/constructs/api.ts):
 * a revoked key or a disabled account is refused within a minute; accounts are also re-checked per
 * request by the session check (functions/http/session-check.ts).
 */
export const resolveCaller = async (authorization: string | undefined, now: Date): Promise<CallerContext> => {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token)
    return {
      kind: 'refused',
      code: 'unauthenticated',
      detail: 'Send Authorization: Bearer <token or API key>',
    };
  if (looksLikeApiKey(token)) {
    const check = await checkApiKey(token, now);
    return check.ok
      ? { kind: 'api-key', keyId: check.keyId, permissions: check.permissions.join(',') }
      : { kind: 'refused', code: check.code, detail: check.detail };
  }
  const claims = await verifyToken(token);
  if (!claims?.sub)
    return {
      kind: 'refused',
      code: 'unauthenticated',
      detail: 'The bearer token is not valid or has expired; sign in again',
    };
  const email = claims.email ?? claims.username ?? claims['cognito:username'];
  return {
    kind: 'user',
    sub: String(claims.sub),
    ...(email === undefined ? {} : { email: String(email) }),
    groups: groupsOf(claims).join(','),
    ...(typeof claims.iat === 'number' ? { iat: claims.iat } : {}),
  };
};

export const handler = instrument(async (event: APIGatewayRequestAuthorizerEventV2): Promise<Result> => {
  const context = await resolveCaller(event.headers?.authorization, new Date());
  // Who, never the token or key: a refusal's code, a key's id, a person's id.
  logger.info('caller resolved', {
    kind: context.kind,
    ...(context.kind === 'refused' ? { code: context.code } : {}),
    ...(context.kind === 'api-key' ? { keyId: context.keyId } : {}),
    ...(context.kind === 'user' ? { sub: context.sub } : {}),
  });
  metrics.addMetric(context.kind === 'refused' ? 'callersRefused' : 'callersResolved', MetricUnit.Count, 1);
  return { isAuthorized: true, context };
});
