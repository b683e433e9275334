import { defaultExpiry } from '../../../domain/access/api-keys.ts';
import { issueApiKey } from '../../access/api-keys.ts';
import { lastUses } from '../../adapters/api-key-hashes.ts';
import { aggregates } from '../../application/aggregates.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const keys = recordsOf(aggregates.apiKey, api.apiKeyActionRoutes);

type Shown = { id: string; expiresAt?: unknown } & Record<string, unknown>;

/** A key as shown: whether it is past its expiry now, and when it was last used (kept beside its hash). */
const shown = <T extends Shown>(record: T, uses: Map<string, string>, now = Date.now()) => ({
  ...record,
  expired: now >= Date.parse(String(record.expiresAt)),
  ...(uses.has(record.id) ? { lastUsedAt: uses.get(record.id) } : {}),
});

const one = async <T extends { body: Shown }>(reply: T & { version?: number }) => ({
  ...reply,
  body: shown(reply.body, await lastUses([reply.body.id])),
});

export const handler = httpHandler('apikeys', [
  implement(api.listApiKeys, async ({ query, actor }) => {
    const { body } = await keys.list(actor, query);
    const uses = await lastUses(body.items.map((k) => k.id));
    return { body: { ...body, items: body.items.map((k) => shown(k, uses)) } };
  }),
  implement(api.issueApiKey, async (request) => {
    const now = new Date();
    const { body } = request;
    const { keyId, result, key } = await issueApiKey(
      { name: body.name, permissions: body.permissions, expiresAt: body.expiresAt ?? defaultExpiry(now) },
      { actor: request.actor, correlationId: request.correlationId },
      now,
    );
    return {
      status: 201,
      body: { ...shown(keys.present(request.actor, keyId, result), new Map()), key },
      version: result.version,
    };
  }),
  implement(api.getApiKey, async ({ params, actor }) => one(await keys.read(actor, params.id))),
  implement(api.apiKeyEvents, ({ params }) => keys.history(params.id)),
  implement(api.revokeApiKey, async (request) =>
    one(
      await keys.command(request, request.params.id, {
        type: 'RevokeApiKey',
        reason: request.body.reason,
        revokedBy: {
          id: request.actor.id,
          ...(request.actor.email ? { email: request.actor.email } : {}),
        },
        at: new Date().toISOString(),
      }),
    ),
  ),
]);
