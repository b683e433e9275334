import { ProviderError } from '../errors.ts';
import { assertOutboundAllowed } from './outbound-guard.ts';

/**
 * The calls the platform makes to a payments provider with Stripe's API: form-encoded requests with the
 * secret key as a bearer token. The local payments sandbox answers the same calls.
 */

const TIMEOUT_MS = 8000;

/** Stripe's form encoding of nested fields: `metadata[orderId]=…`, `enabled_events[]=…`. */
export const formEncode = (fields: Record<string, string | number | string[] | Record<string, string>>) => {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const item of value) form.append(`${key}[]`, item);
    else if (typeof value === 'object')
      for (const [k, v] of Object.entries(value)) form.append(`${key}[${k}]`, v);
    else form.append(key, String(value));
  }
  return form;
};

const call = async <T>(
  baseUrl: string,
  apiKey: string,
  method: 'GET' | 'POST',
  path: string,
  fields?: Parameters<typeof formEncode>[0],
): Promise<T> => {
  const url = await assertOutboundAllowed(new URL(path, baseUrl).toString());
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: fields ? formEncode(fields) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new ProviderError(`The provider at ${url.host} did not answer: ${(error as Error).message}`, 502);
  }
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } } & T;
  if (!response.ok)
    throw new ProviderError(
      body.error?.message
        ? `${body.error.message} (HTTP ${response.status})`
        : `The provider answered ${response.status}`,
      response.status,
    );
  return body;
};

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret?: string;
  enabled_events: string[];
  status?: string;
}

export const registerWebhookEndpoint = (baseUrl: string, apiKey: string, url: string, events: string[]) =>
  call<WebhookEndpoint>(baseUrl, apiKey, 'POST', '/v1/webhook_endpoints', { url, enabled_events: events });

export const readWebhookEndpoint = (baseUrl: string, apiKey: string, id: string) =>
  call<WebhookEndpoint>(baseUrl, apiKey, 'GET', `/v1/webhook_endpoints/${encodeURIComponent(id)}`);

export const readAccount = (baseUrl: string, apiKey: string) =>
  call<{ id: string }>(baseUrl, apiKey, 'GET', '/v1/account');

export interface CheckoutSession {
  id: string;
  url: string;
}

export const createCheckoutSession = (
  baseUrl: string,
  apiKey: string,
  input: { amountCents: number; orderId: string; description: string; returnUrl: string },
) =>
  call<CheckoutSession>(baseUrl, apiKey, 'POST', '/v1/checkout/sessions', {
    mode: 'payment',
    'line_items[0][price_data][currency]': 'usd',
    'line_items[0][price_data][unit_amount]': input.amountCents,
    'line_items[0][price_data][product_data][name]': input.description,
    'line_items[0][quantity]': 1,
    'payment_intent_data[metadata][orderId]': input.orderId,
    metadata: { orderId: input.orderId },
    success_url: input.returnUrl,
    cancel_url: input.returnUrl,
  });
