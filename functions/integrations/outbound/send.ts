import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { OutboundFormat } from '../../../domain/integrations/outbound-endpoints.ts';
import { eventCatalog } from '../../../events/catalog.ts';
import { assertOutboundAllowed, guardedLookup } from '../outbound-guard.ts';

/**
 * The platform's one signed outbound-webhook sender: outbound endpoints use it now, and workflows,
 * reports and monitoring are to reuse it. `send(endpoint, message)` makes one attempt and reports it;
 * what to record and when to retry is the caller's business.
 */

/** Where to send, how, and the secrets to sign with (the previous one during a rotation's overlap). */
export interface OutboundTarget {
  url: string;
  format: OutboundFormat;
  secrets?: { current: string; previous?: string };
}

/** What is sent: `id` is the webhook-id, the same on every attempt so receivers can drop duplicates. */
export interface OutboundMessage {
  id: string;
  type: string;
  /** When the event happened (ISO). */
  timestamp: string;
  data: Record<string, unknown>;
}

export interface SendResult {
  ok: boolean;
  statusCode?: number;
  latencyMs: number;
  /** The first 2 KB of the answer. */
  responseBody?: string;
  error?: string;
  /** The receiver's Retry-After, in milliseconds, when it sent one. */
  retryAfterMs?: number;
}

export const TIMEOUT_MS = 15_000;
const RESPONSE_KEEP_BYTES = 2048;

/** The Standard Webhooks envelope. */
export const standardBody = (message: OutboundMessage): string =>
  JSON.stringify({ id: message.id, type: message.type, timestamp: message.timestamp, data: message.data });

const scalar = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** A Slack incoming-webhook message: a one-line summary and the event's plain fields. */
export const slackBody = (message: OutboundMessage): string => {
  const summary = eventCatalog.get(message.type)?.summary ?? message.type;
  const fields = Object.entries(message.data)
    .filter(([, v]) => scalar(v))
    .slice(0, 8)
    .map(([k, v]) => `${k}: ${String(v).slice(0, 200)}`);
  return JSON.stringify({
    text: [`*${message.type}*: ${summary}`, ...fields].join('\n'),
  });
};

export const bodyOf = (format: OutboundFormat, message: OutboundMessage): string =>
  format === 'slack' ? slackBody(message) : standardBody(message);

/**
 * Standard Webhooks headers; during a rotation the body is signed with both secrets, space-separated,
 * so a receiver that has either verifies it.
 */
export const signatureHeaders = (
  message: Pick<OutboundMessage, 'id'>,
  body: string,
  secrets: { current: string; previous?: string },
  now: Date,
): Record<string, string> => {
  const sign = (secret: string) => new Webhook(secret).sign(message.id, now, body);
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': [secrets.current, ...(secrets.previous ? [secrets.previous] : [])]
      .map(sign)
      .join(' '),
  };
};

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export const retryAfterOf = (header: string | null, now: Date): number | undefined => {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
};

interface Answer {
  status: number;
  retryAfter: string | null;
  /** The first 2 KB of the body; the rest is not read. */
  body: string;
}

/**
 * One POST with node:http(s) rather than fetch, for its `lookup` hook: the guard checks the very
 * address the socket connects to. Never follows redirects (node:http does not).
 */
const post = (
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup,
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          response.destroy();
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
            body: Buffer.concat(chunks).subarray(0, RESPONSE_KEEP_BYTES).toString('utf8'),
          });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_KEEP_BYTES) done();
        });
        response.on('end', done);
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });

/**
 * One attempt: the SSRF guard first (every attempt: a name can resolve elsewhere since the last one),
 * then a POST with a 15-second timeout that never follows a redirect (a 3xx is a failed attempt, so a
 * receiver cannot bounce the platform to an address the guard refused). A 2xx is success.
 * The guard runs twice: on the URL before anything is sent, and on the address connected to (a name
 * re-pointed in between, DNS rebinding, is refused too).
 */
export const send = async (
  target: OutboundTarget,
  message: OutboundMessage,
  now = new Date(),
): Promise<SendResult> => {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = await assertOutboundAllowed(target.url);
    const body = bodyOf(target.format, message);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Firefly-Webhooks/1',
      ...(target.format === 'standard-webhooks' && target.secrets
        ? signatureHeaders(message, body, target.secrets, now)
        : {}),
    };
    const response = await post(url, headers, body, AbortSignal.timeout(TIMEOUT_MS));
    const responseBody = response.body;
    const ok = response.status >= 200 && response.status < 300;
    const retryAfterMs = ok ? undefined : retryAfterOf(response.retryAfter, now);
    return {
      ok,
      statusCode: response.status,
      latencyMs: elapsed(),
      ...(responseBody ? { responseBody } : {}),
      ...(ok
        ? {}
        : {
            error:
              response.status >= 300 && response.status < 400
                ? 'Redirects are not followed'
                : `HTTP ${response.status}`,
          }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  } catch (error) {
    const err = error as Error;
    const detail =
      err.name === 'TimeoutError' || err.name === 'AbortError'
        ? `No answer within ${TIMEOUT_MS / 1000} s`
        : `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}`;
    return { ok: false, latencyMs: elapsed(), error: detail.slice(0, 500) };
  }
};
