import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import type { Actor } from '../../events/envelope.ts';
import { reencryptCredentials } from '../adapters/credentials.ts';
import { appendRecorded } from '../adapters/event-store.ts';
import { systemStreams } from '../application/aggregates.ts';
import { observability } from '../runtime/observability.ts';

const { metrics, instrument } = observability('credentials-reencrypt');

/** Who re-seals credentials: the actor of each decryption it records. */
const REENCRYPTER: Actor = { id: 'system:credentials-reencrypt', role: 'system' };

/**
 * Hourly, in the background: credentials still sealed under a retired key are re-sealed under the
 * current one (after `npm run credentials:rotate-key` locally). Each decryption this takes is recorded
 * like every other, as a `CredentialDecrypted` event with the purpose `re-encrypt`.
 */
export const handler = instrument(async () => {
  const { decrypted, resealed } = await reencryptCredentials();
  const correlationId = ulid();
  for (const { integrationId, slot } of decrypted)
    await appendRecorded(
      systemStreams.credentialUse(integrationId),
      [{ type: 'CredentialDecrypted', data: { integrationId, credential: slot, purpose: 're-encrypt' } }],
      { actor: REENCRYPTER, correlationId },
    );
  metrics.addMetric('credentialsResealed', MetricUnit.Count, resealed.length);
  return { resealed: resealed.length };
});
