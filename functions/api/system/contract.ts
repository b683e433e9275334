import * as z from 'zod';
import { defineRoute } from '../../http/route.ts';

const tag = 'System';

export const health = defineRoute({
  method: 'GET',
  path: '/api/health',
  permission: 'public',
  summary: 'Liveness and dependency checks',
  tag,
  response: z
    .object({
      status: z.enum(['ok', 'degraded']),
      stage: z.string(),
      checks: z.record(z.string(), z.object({ ok: z.boolean(), latencyMs: z.number() })),
      time: z.string(),
    })
    .meta({ id: 'Health' }),
  // Degraded: a dependency did not answer.
  alsoStatus: [503],
});

export const readiness = defineRoute({
  method: 'GET',
  path: '/api/health/ready',
  permission: 'public',
  summary:
    "Readiness: 200 once the platform's data is in place, 503 while it is still being put there (the first local start seeds its demo data after the API answers)",
  tag,
  response: z
    .object({
      status: z.enum(['ready', 'starting']),
      detail: z.string(),
      since: z.string().optional(),
    })
    .meta({ id: 'Readiness' }),
  // Starting: the data is still being put in place (with Retry-After).
  alsoStatus: [503],
});

export const openapi = defineRoute({
  method: 'GET',
  path: '/api/openapi.json',
  permission: 'public',
  summary: 'This API, described in OpenAPI 3.1',
  tag,
  response: z.record(z.string(), z.unknown()),
});

export const docs = defineRoute({
  method: 'GET',
  path: '/api/docs',
  permission: 'public',
  summary: 'Browsable API documentation',
  tag,
  response: z.string(),
  contentType: 'text/html; charset=utf-8',
});

export const systemRoutes = [health, readiness, openapi, docs];
