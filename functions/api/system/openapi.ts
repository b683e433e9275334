import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { IF_MATCH } from '../../http/adapter.ts';
import { operationIdOf, type RouteContract } from '../../http/route.ts';

/** What each problem status means, as every route's description says it. */
const PROBLEMS: Record<number, string> = {
  400: 'The request is not valid: a malformed path, query, header or body (each field named in `errors`)',
  401: 'Sign-in required (no valid token), or the credentials given are not correct',
  403: "The caller's role lacks the permission, or the account must be activated first",
  404: 'Not found',
  409: 'A conflict: the record changed since it was read, the request repeats one still in progress, or the state does not allow it',
  410: 'Gone: the integration is disabled or has no signing secret',
  413: 'The body, or the change it would make, is too large',
  415: 'The body is not JSON',
  422: 'The request breaks a business rule, or reuses an Idempotency-Key with another body',
  423: 'The account is locked after failed sign-ins (see lockedUntil and Retry-After)',
  428: 'The change must name the version it was decided on (If-Match)',
  429: 'Sign-in from this network address is paused after failed attempts (see Retry-After)',
  431: 'The request headers are too large',
  500: 'Something went wrong on our side; nothing was saved',
  502: 'A third party the platform called (a provider API) could not be reached or failed',
};

const problem = (status: number): ZodOpenApiResponseObject => ({
  description: PROBLEMS[status] ?? 'A problem (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/**
 * The problems a route can answer with: those every route of its shape may give (validation, headers,
 * authentication and permission, a missing record, versions, idempotency and business rules of
 * changes, bodies), plus its own (`problems`).
 */
const problemStatuses = (route: RouteContract): number[] => {
  const statuses = [400, 431, 500, ...(route.problems ?? [])];
  if (route.permission !== 'public') statuses.push(401, 403);
  if (route.params) statuses.push(404);
  if (route.ifMatch) statuses.push(409, 428);
  // Changes run commands (conflicts, business rules, commits too large) and take an Idempotency-Key.
  if (route.method !== 'GET' && route.permission !== 'public') statuses.push(409, 413, 422);
  if (route.body) statuses.push(413, 415);
  return [...new Set(statuses)].sort((a, b) => a - b);
};

const operation = (route: RouteContract): ZodOpenApiOperationObject => {
  const success: ZodOpenApiResponseObject = {
    description: route.summary,
    content: {
      [route.contentType ?? 'application/json']: { schema: route.response },
      ...Object.fromEntries(
        Object.entries(route.alternatives ?? {}).map(([type, schema]) => [type, { schema }]),
      ),
    },
    ...(route.ifMatch || route.method === 'POST'
      ? { headers: { ETag: { schema: { type: 'string' as const } } } }
      : {}),
  };
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const status of [route.status ?? 200, ...(route.alsoStatus ?? [])])
    responses[String(status)] = success;
  for (const status of problemStatuses(route)) responses[String(status)] = problem(status);
  const headers = [
    ...(route.ifMatch
      ? [
          {
            name: 'If-Match',
            in: 'header' as const,
            required: true,
            description: 'The version of the record the change was decided on, as its ETag gave it: "3"',
            schema: { type: 'string' as const, pattern: IF_MATCH.source },
          },
        ]
      : []),
    ...(route.method === 'POST'
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header' as const,
            required: false,
            schema: { type: 'string' as const, maxLength: 128 },
          },
        ]
      : []),
  ];
  return {
    summary: route.summary,
    tags: [route.tag],
    operationId: operationIdOf(route),
    ...(route.permission === 'public' ? { security: [] } : { 'x-permission': route.permission }),
    requestParams: {
      ...(route.params ? { path: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
    },
    ...(headers.length ? { parameters: headers } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
      : {}),
    responses: responses as ZodOpenApiOperationObject['responses'],
  };
};

/** OpenAPI 3.1, generated from the same zod schemas the handlers validate with. */
export const openApiDocument = (routes: readonly RouteContract[]) => {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    paths[route.path] = { ...paths[route.path], [method]: operation(route) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Firefly admin API',
      version: '1.0.0',
      description:
        'The API behind the Firefly Tiny Homes admin console. Sign in with POST /api/auth/sign-in and send the idToken as a bearer token.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', format: 'uri' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  });
};
