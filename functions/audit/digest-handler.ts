import { detectTampering } from '../../domain/security/detection.ts';
import { observability } from '../runtime/observability.ts';
import { raise } from '../security/alerts.ts';
import { reconcile, writeDigest } from './digests.ts';

const { logger } = observability('audit-digest');

/**
 * Hourly: chain any stored event the consumer never received, then seal the new entries in a digest.
 * If the range does not verify, no digest is written (it would vouch for tampered entries) and a
 * critical security event is raised instead.
 */
export const handler = async (input: { scheduledTime?: string } = {}) => {
  const now = input.scheduledTime ? new Date(input.scheduledTime) : new Date();
  const reconciled = await reconcile(new Date());
  if (reconciled.chained > 0) logger.warn('chained events the consumer missed', reconciled);
  const outcome = await writeDigest(now);
  if (!outcome.written && outcome.reason.startsWith('The range does not verify')) {
    logger.error('audit log does not verify; digest withheld', { reason: outcome.reason });
    await raise(detectTampering({ seq: 0, kind: 'digest', message: outcome.reason }, Date.now()));
  }
  return { reconciled, digest: outcome };
};
