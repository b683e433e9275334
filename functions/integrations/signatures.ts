import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type Stripe from 'stripe';
import type { SignatureScheme } from '../../domain/integrations/templates.ts';

/** Five minutes either way, as Stripe and Standard Webhooks both default to. */
export const TOLERANCE_SECONDS = 300;

export type RefusalReason = 'missing' | 'malformed' | 'expired' | 'mismatch';

export type Verification =
  | { ok: true; verifiedWith: 'current' | 'previous'; headerEventId?: string }
  | { ok: false; reason: RefusalReason; detail: string };

export interface SigningSecrets {
  current: string;
  /** The secret before the last rotation, while it is still accepted. */
  previous?: string;
}

type Headers = Record<string, string | undefined>;

const stripeReason = (error: Error): RefusalReason => {
  if (/extract timestamp and signatures/i.test(error.message)) return 'malformed';
  if (/tolerance/i.test(error.message)) return 'expired';
  return 'mismatch';
};

/**
 * The stripe package is a whole API client (about 240 KB of the bundle) of which only the webhook
 * signature helpers are used, and only for providers with the Stripe scheme: it is loaded on first need,
 * so functions that verify or sign never pay for it at cold start.
 */
let stripeWebhooks: Promise<Stripe['webhooks']> | undefined;
const loadStripeWebhooks = () => {
  stripeWebhooks ??= import('stripe').then((m) => m.default.webhooks);
  return stripeWebhooks;
};

const verifyStripe = async (
  raw: string,
  headers: Headers,
  secret: string,
  now: Date,
): Promise<Verification> => {
  const header = headers['stripe-signature'];
  if (!header) return { ok: false, reason: 'missing', detail: 'No Stripe-Signature header' };
  // Present in every build of the package; typed as optional because constructEvent checks it too.
  const signature = (await loadStripeWebhooks()).signature;
  if (!signature) throw new Error('The stripe package has no signature verifier');
  try {
    signature.verifyHeader(
      raw,
      header,
      secret,
      TOLERANCE_SECONDS,
      undefined,
      Math.floor(now.getTime() / 1000),
    );
    return { ok: true, verifiedWith: 'current' };
  } catch (error) {
    const reason = stripeReason(error as Error);
    return { ok: false, reason, detail: (error as Error).message.split('\n')[0]! };
  }
};

const standardReason = (error: Error): RefusalReason => {
  if (/missing/i.test(error.message)) return 'missing';
  if (/too old|too new/i.test(error.message)) return 'expired';
  if (/no matching signature/i.test(error.message)) return 'mismatch';
  return 'malformed';
};

const verifyStandard = async (
  raw: string,
  headers: Headers,
  secret: string,
  now: Date,
): Promise<Verification> => {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (!id || !timestamp || !signature)
    return {
      ok: false,
      reason: 'missing',
      detail: 'webhook-id, webhook-timestamp and webhook-signature are required',
    };
  // The library checks the timestamp against the clock; checking it here first keeps `now` the one clock.
  const sent = Number(timestamp);
  if (!Number.isInteger(sent))
    return { ok: false, reason: 'malformed', detail: 'webhook-timestamp is not a number' };
  if (Math.abs(now.getTime() / 1000 - sent) > TOLERANCE_SECONDS)
    return { ok: false, reason: 'expired', detail: 'webhook-timestamp is outside the 5-minute tolerance' };
  try {
    // jsonParse off: a body that is not JSON is the caller's content, answered after verification.
    new Webhook(secret).verify(
      raw,
      { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
      { jsonParse: false },
    );
    return { ok: true, verifiedWith: 'current', headerEventId: id };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError) && !(error instanceof Error)) throw error;
    const reason = standardReason(error as Error);
    // A timestamp the library still refuses (clock edge) is the same refusal as above.
    return { ok: false, reason, detail: (error as Error).message };
  }
};

/**
 * Checks a delivery's signature over its raw bytes, before anything parses it, with the provider's
 * scheme: the current secret first, then the previous one while a rotation's overlap lasts.
 */
export const verifyDelivery = async (
  scheme: SignatureScheme,
  raw: string,
  headers: Headers,
  secrets: SigningSecrets,
  now: Date,
): Promise<Verification> => {
  const verify = scheme === 'stripe' ? verifyStripe : verifyStandard;
  const current = await verify(raw, headers, secrets.current, now);
  if (current.ok || current.reason !== 'mismatch' || !secrets.previous) return current;
  const previous = await verify(raw, headers, secrets.previous, now);
  return previous.ok ? { ...previous, verifiedWith: 'previous' } : current;
};

/** Signs a body the way the scheme's providers do: the connection test's round trip and the sandboxes use it. */
export const signDelivery = async (
  scheme: SignatureScheme,
  body: string,
  secret: string,
  id: string,
  now: Date,
): Promise<Record<string, string>> => {
  const seconds = Math.floor(now.getTime() / 1000);
  if (scheme === 'stripe')
    return {
      'stripe-signature': (await loadStripeWebhooks()).generateTestHeaderString({
        payload: body,
        secret,
        timestamp: seconds,
      }),
    };
  return {
    'webhook-id': id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': new Webhook(secret).sign(id, now, body),
  };
};
