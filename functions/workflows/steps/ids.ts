import { createHash } from 'node:crypto';

/**
 * An id stable across a step's retries within one execution (a task, a webhook's message id, an
 * Idempotency-Key), so a retried step does not do its work twice. 26 base64url characters of SHA-256.
 */
export const stepIdOf = (execution: string, stepId: string): string =>
  createHash('sha256').update(`${execution}\n${stepId}`).digest('base64url').slice(0, 26);
