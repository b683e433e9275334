import type { IntegrationState } from '../../domain/integrations/integrations.ts';
import { previousSecretAccepted } from '../../domain/integrations/integrations.ts';
import type { Actor } from '../../events/envelope.ts';
import { readCredential } from '../adapters/credentials.ts';
import { appendRecorded } from '../adapters/event-store.ts';
import { systemStreams } from '../application/aggregates.ts';
import type { SigningSecrets } from './signatures.ts';

type Integration = Extract<IntegrationState, { exists: true }>;
/** Whose secrets: an integration, or an outbound endpoint (its id in `integrationId`, as stored). */
export type SecretOwner = Pick<Integration, 'integrationId' | 'credentials'>;
type Purpose =
  | 'verify-webhook'
  | 'call-provider'
  | 'connection-test'
  | 'sign-webhook'
  | 'reveal'
  | 're-encrypt';

/**
 * Secrets in clear are kept for a few minutes per function instance, keyed by their fingerprint, so a
 * burst of deliveries costs one decryption (and one audit event) rather than one each; a rotation
 * changes the fingerprint and so misses the cache at once.
 */
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { secret: string | undefined; until: number }>();

/** Decrypts one credential slot for a purpose; each real decryption is an audit event. */
export const openCredential = async (
  integration: SecretOwner,
  slot: string,
  purpose: Purpose,
  meta: { actor: Actor; correlationId: string },
): Promise<string | undefined> => {
  const name = slot.split('#')[0]!;
  const key = `${integration.integrationId}/${slot}/${integration.credentials[name]?.fingerprint}`;
  const hit = cache.get(key);
  // A person asking to see a secret is always a fresh decryption, and always recorded.
  if (hit && hit.until > Date.now() && purpose !== 'reveal') return hit.secret;
  const secret = await readCredential(integration.integrationId, slot);
  cache.set(key, { secret, until: Date.now() + CACHE_MS });
  if (secret !== undefined)
    await appendRecorded(
      systemStreams.credentialUse(integration.integrationId),
      [
        {
          type: 'CredentialDecrypted',
          data: { integrationId: integration.integrationId, credential: slot, purpose },
        },
      ],
      meta,
    );
  return secret;
};

/** The secrets a delivery may be signed with now: the current one, and the previous during its overlap. */
export const signingSecrets = async (
  integration: Integration,
  purpose: Purpose,
  meta: { actor: Actor; correlationId: string },
  now: Date,
): Promise<SigningSecrets | undefined> => {
  const current = await openCredential(integration, 'signingSecret', purpose, meta);
  if (!current) return undefined;
  const previous = previousSecretAccepted(integration, now)
    ? await openCredential(integration, 'signingSecret#previous', purpose, meta)
    : undefined;
  return { current, ...(previous ? { previous } : {}) };
};
