import * as z from 'zod';
import {
  API_KEY_ACTIONS,
  type ApiKeyAction,
  DEFAULT_KEY_DAYS,
  MAX_KEY_DAYS,
} from '../../../domain/access/api-keys.ts';
import { PERMISSIONS } from '../../../domain/access/permissions.ts';
import { aggregates } from '../../application/aggregates.ts';
import { Text } from '../../http/inputs.ts';
import { defineRoute, type RouteContract } from '../../http/route.ts';
import { actionsOf, EventHistory, Id, IdParams, Meta, PageQuery, page } from '../schemas.ts';

const tag = 'API keys';

const Person = z.object({ id: z.string(), email: z.string().optional() });
export const ApiKeyStatus = z.enum(['active', 'revoked']).meta({ id: 'ApiKeyStatus' });
export const PermissionName = z.enum(PERMISSIONS).meta({ id: 'Permission' });

export const ApiKey = z
  .object({
    id: Id,
    name: z.string(),
    permissions: z.array(z.string()).meta({ description: 'What the key may do: exactly these permissions' }),
    expiresAt: z.string(),
    expired: z.boolean().meta({ description: 'Past its expiry: calls with it are refused' }),
    createdBy: Person,
    prefix: z
      .string()
      .meta({ description: 'What the key starts with (`ffk_<id>`): to recognise it, not to call with' }),
    last4: z.string().meta({ description: 'The last four characters of the key' }),
    status: ApiKeyStatus,
    revokedBy: Person.optional(),
    revokedAt: z.string().optional(),
    revokedReason: z.string().optional(),
    lastUsedAt: z.string().optional().meta({ description: 'When a call last used it (to the minute)' }),
    actions: actionsOf(API_KEY_ACTIONS, 'ApiKeyAction'),
    ...Meta,
  })
  .meta({ id: 'ApiKey' });

export const IssuedApiKey = ApiKey.extend({
  key: z.string().meta({
    description:
      'The key in clear (`ffk_<id>_<secret>`): send it as `Authorization: Bearer <key>`. It is shown this once; only its hash is kept',
  }),
}).meta({ id: 'IssuedApiKey' });

export const listApiKeys = defineRoute({
  method: 'GET',
  path: '/api/api-keys',
  permission: aggregates.apiKey.read,
  peopleOnly: true,
  summary: 'List API keys (never the keys themselves), optionally by status',
  tag,
  query: PageQuery.extend({ status: ApiKeyStatus.optional() }).strict(),
  response: page(ApiKey, 'ApiKeyPage'),
});

export const issueApiKey = defineRoute({
  method: 'POST',
  path: '/api/api-keys',
  permission: 'integrations:manage',
  // A key's permissions are some of its issuer's: an API key has no person behind it to issue more.
  peopleOnly: true,
  summary: `Issue an API key with some of your own permissions, until an expiry (default ${DEFAULT_KEY_DAYS} days, at most a year); the response carries the key, shown this once`,
  tag,
  // The key in clear is never stored for an Idempotency-Key replay, nor cached.
  secretResponse: true,
  status: 201,
  body: z
    .object({
      name: Text(120),
      permissions: z.array(PermissionName).min(1).max(PERMISSIONS.length),
      expiresAt: z
        .string()
        .datetime({ offset: true })
        .optional()
        .meta({
          description: `When the key stops working: in the future, at most ${MAX_KEY_DAYS} days ahead`,
        }),
    })
    .strict()
    .meta({ id: 'IssueApiKey' }),
  response: IssuedApiKey,
});

export const getApiKey = defineRoute({
  method: 'GET',
  path: '/api/api-keys/{id}',
  permission: aggregates.apiKey.read,
  peopleOnly: true,
  summary: 'Read an API key (its prefix and last four characters, never the key)',
  tag,
  params: IdParams,
  response: ApiKey,
});

export const apiKeyEvents = defineRoute({
  method: 'GET',
  path: '/api/api-keys/{id}/events',
  permission: 'events:read',
  peopleOnly: true,
  summary: "An API key's history: issued, revoked",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const revokeApiKey = defineRoute({
  method: 'POST',
  path: '/api/api-keys/{id}/revoke',
  permission: 'integrations:manage',
  peopleOnly: true,
  summary:
    'Revoke an API key: calls with it are refused (within a minute in AWS, where the authorizer caches)',
  tag,
  params: IdParams,
  problems: [409],
  body: z
    .object({ reason: z.string().trim().min(1).max(500) })
    .strict()
    .meta({ id: 'RevokeApiKey' }),
  response: ApiKey,
});

export const apiKeyRoutes = [listApiKeys, issueApiKey, getApiKey, apiKeyEvents, revokeApiKey];

export const apiKeyActionRoutes = { revoke: revokeApiKey } satisfies Record<ApiKeyAction, RouteContract>;
