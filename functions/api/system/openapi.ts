import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import type { RouteContract } from '../../http/route.ts';

const problem: ZodOpenApiResponseObject = {
  description: 'A problem (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const operation = (route: RouteContract): ZodOpenApiOperationObject => {
  const status = String(route.status ?? 200);
  const responses: ZodOpenApiOperationObject['responses'] = {
    [status]: {
      description: route.summary,
      content: { [route.contentType ?? 'application/json']: { schema: route.response } },
      ...(route.ifMatch || route.method === 'POST'
        ? { headers: { ETag: { schema: { type: 'string' as const } } } }
        : {}),
    },
    '400': problem,
  };
  if (route.permission !== 'public') Object.assign(responses, { '401': problem, '403': problem });
  if (route.params) responses['404'] = problem;
  if (route.ifMatch) Object.assign(responses, { '409': problem, '428': problem });
  if (route.body) Object.assign(responses, { '413': problem, '415': problem, '422': problem });
  for (const [code, description] of Object.entries(route.problems ?? {}))
    Object.assign(responses, { [code]: { ...problem, description } });
  const headers = [
    ...(route.ifMatch
      ? [{ name: 'If-Match', in: 'header' as const, required: true, schema: { type: 'string' as const } }]
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
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(route.permission === 'public' ? { security: [] } : { 'x-permission': route.permission }),
    requestParams: {
      ...(route.params ? { path: route.params } : {}),
      ...(route.query ? { query: route.query } : {}),
    },
    ...(headers.length ? { parameters: headers } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } }
      : {}),
    responses,
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
