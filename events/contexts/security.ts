import * as z from 'zod';
import { defineEvent } from '../define.ts';

/**
 * Security events: what the detection rules (domain/security/detection.ts) raise over the event stream,
 * what people then do about them, and signals other functions report. Streams: `security-<id>` per
 * detection, `webhook-<provider>` for signature failures.
 */
export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export const Resolution = z.enum(['fixed', 'false-positive', 'accepted-risk']);

/** What a detection found: the same fields on the event, in the domain's incident and in the API. */
export const DetectionFindings = z.object({
  rule: z.string(),
  severity: Severity,
  title: z.string(),
  /** The rule in plain language: what it watches and why it matters. */
  explanation: z.string(),
  subject: z.object({ kind: z.string(), id: z.string() }),
  /** Counts, accounts, addresses and the ids of the events that tripped the rule. */
  evidence: z.record(z.string(), z.unknown()),
  windowStart: z.string(),
  windowEnd: z.string(),
});

export const SecurityEventRaised = defineEvent({
  type: 'SecurityEventRaised',
  context: 'security',
  summary: 'A detection rule raised a security event',
  schema: z.object({ securityEventId: z.string(), ...DetectionFindings.shape }),
});

export const SecurityEventAcknowledged = defineEvent({
  type: 'SecurityEventAcknowledged',
  context: 'security',
  summary: 'Someone acknowledged a security event and is looking into it',
  schema: z.object({ securityEventId: z.string(), note: z.string() }),
});

export const SecurityEventResolved = defineEvent({
  type: 'SecurityEventResolved',
  context: 'security',
  summary: 'Someone resolved a security event',
  schema: z.object({
    securityEventId: z.string(),
    resolution: Resolution,
    note: z.string(),
  }),
});

/**
 * What a webhook function appends (stream `webhook-<provider>`, actor = the caller's address, role
 * `anonymous`) when a request's signature is missing, malformed, stale or wrong. The request itself is
 * not processed; repeated failures raise the `webhook-signature-failures` detection.
 */
export const WebhookSignatureRejected = defineEvent({
  type: 'WebhookSignatureRejected',
  context: 'security',
  summary: 'A webhook request was refused because its signature did not verify',
  schema: z.object({
    provider: z.string(),
    endpoint: z.string(),
    reason: z.enum(['missing', 'malformed', 'expired', 'mismatch', 'replayed', 'unknown-integration']),
  }),
});
