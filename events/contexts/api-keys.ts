import * as z from 'zod';
import { defineEvent } from '../define.ts';

/**
 * API keys third parties call the platform's API with. Stream: `apikey-<keyId>`. The key itself never
 * appears here (nor its hash, which is kept beside the credentials, functions/access/api-keys.ts):
 * only its public prefix (`ffk_<keyId>`) and the last four characters, to recognise it by.
 */
const Person = z.object({ id: z.string(), email: z.string().optional() });

export const ApiKeyIssued = defineEvent({
  type: 'ApiKeyIssued',
  context: 'access',
  summary: 'Someone issued an API key carrying some of their own permissions, until an expiry',
  schema: z.object({
    keyId: z.string(),
    name: z.string(),
    permissions: z.array(z.string()),
    expiresAt: z.string().datetime({ offset: true }),
    createdBy: Person,
    prefix: z.string(),
    last4: z.string(),
  }),
});

export const ApiKeyRevoked = defineEvent({
  type: 'ApiKeyRevoked',
  context: 'access',
  summary: 'An API key was revoked: calls with it are refused from now on',
  schema: z.object({
    keyId: z.string(),
    reason: z.string(),
    revokedBy: Person,
    revokedAt: z.string().datetime({ offset: true }),
  }),
});
