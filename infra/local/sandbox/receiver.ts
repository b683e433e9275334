import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A webhook receiver sandbox: stands in for a third party the platform's outbound webhooks go to.
 * Each path (`<url>/<name>`) is its own receiver: it records what arrives, verifies the Standard
 * Webhooks signature when it was given the endpoint's secret, and can be told to fail the next N
 * deliveries with a status (500 by default, optionally with Retry-After) or by never answering (a
 * timeout). Local only: nothing here is deployed.
 */
export interface Received {
  name: string;
  at: string;
  headers: Record<string, string>;
  body: string;
  /** Whether the signature verified with the receiver's secret; undefined when it has none. */
  verified?: boolean;
  /** What the receiver answered ('timeout': it never did). */
  answered: number | 'timeout';
}

export interface ReceiverBehaviour {
  /** The endpoint's signing secret (`whsec_…`), to verify what arrives. */
  secret?: string;
  /** Fail this many deliveries from now on, then accept again. */
  fail?: number;
  /** How to fail: a status code, or `timeout` (hold the request unanswered). */
  failWith?: number | 'timeout';
  /** Seconds to send in Retry-After with a failure. */
  retryAfter?: number;
  /** Fail every delivery with this probability (0-1), for load runs. */
  failRate?: number;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const verify = (secret: string, body: string, headers: Record<string, string>): boolean => {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
};

export const startReceiverSandbox = async (options: { port?: number } = {}) => {
  const behaviours = new Map<string, ReceiverBehaviour>();
  const received: Received[] = [];
  const held = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const name = decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/+/, '')) || 'default';
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: received.filter((r) => r.name === name).length }));
      return;
    }
    const body = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    const behaviour = behaviours.get(name) ?? {};
    const failing =
      (behaviour.fail ?? 0) > 0 || (behaviour.failRate !== undefined && Math.random() < behaviour.failRate);
    if ((behaviour.fail ?? 0) > 0) behaviour.fail = behaviour.fail! - 1;
    const answered = failing ? (behaviour.failWith ?? 500) : 200;
    received.push({
      name,
      at: new Date().toISOString(),
      headers,
      body,
      ...(behaviour.secret ? { verified: verify(behaviour.secret, body, headers) } : {}),
      answered,
    });
    if (answered === 'timeout') {
      held.add(res);
      return;
    }
    res.writeHead(answered, {
      'content-type': 'application/json',
      ...(failing && behaviour.retryAfter !== undefined
        ? { 'retry-after': String(behaviour.retryAfter) }
        : {}),
    });
    res.end(JSON.stringify(failing ? { error: 'The receiver sandbox was told to fail' } : { ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** The URL of one named receiver: give it to an endpoint. */
    endpoint: (name: string) => `${url}/${encodeURIComponent(name)}`,
    /** Sets how a named receiver behaves from now on (merged with what it had). */
    configure: (name: string, behaviour: ReceiverBehaviour) =>
      behaviours.set(name, { ...behaviours.get(name), ...behaviour }),
    /** What a named receiver (or every one) has received, oldest first. */
    received: (name?: string) => (name === undefined ? received : received.filter((r) => r.name === name)),
    stop: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export type ReceiverSandbox = Awaited<ReturnType<typeof startReceiverSandbox>>;
