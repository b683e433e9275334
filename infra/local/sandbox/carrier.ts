import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A shipping-carrier sandbox: it signs tracking updates per Standard Webhooks (webhook-id,
 * webhook-timestamp, webhook-signature) with one signing secret, as a carrier's dashboard would show
 * it, and posts them to the webhook URLs added on its page. So the tracking template's whole flow runs
 * offline: add the integration's webhook URL here, paste the secret into the connect form, send
 * "dispatched" or "delivered" for an order, and the shipment moves. Local only: never deployed.
 */
export const CARRIER_EVENT_TYPES = [
  'shipment.dispatched',
  'shipment.delivered',
  'shipment.exception',
] as const;
type CarrierEventType = (typeof CARRIER_EVENT_TYPES)[number];

export interface CarrierUpdate {
  type: CarrierEventType;
  orderId: string;
  trackingRef?: string;
  /** The business day (YYYY-MM-DD) it happened, when given. */
  on?: string;
  description?: string;
}

interface Sent {
  id: string;
  type: string;
  orderId: string;
  url: string;
  /** What the receiver answered, or why nothing came back. */
  status: number | 'unreachable';
  at: string;
}

interface State {
  secret: string;
  urls: string[];
  sent: Sent[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** A form post or a JSON body, as flat strings. */
const fieldsOf = (req: IncomingMessage, text: string): Record<string, string> => {
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const parsed = JSON.parse(text || '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v ?? '')]));
  }
  return Object.fromEntries(new URLSearchParams(text));
};

const page = (state: State, message?: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Carrier sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
label{display:block;margin:.5rem 0 .2rem}input,select{font-size:1rem;padding:.3rem;width:100%;max-width:30rem}
button{font-size:1rem;padding:.5rem 1rem;margin-top:.7rem;border-radius:.4rem;border:1px solid #555;cursor:pointer}
code{background:#eee;padding:.1rem .3rem;word-break:break-all}table{border-collapse:collapse;width:100%}
td,th{padding:.3rem .5rem;border-bottom:1px solid #ddd;text-align:left}</style>
</head><body><main>
<h1>Carrier sandbox</h1>
<p>Stands in for a shipping carrier. It signs tracking updates per Standard Webhooks with this signing
secret; paste it into the <em>Carrier tracking updates</em> connect form:</p>
<p><code id="secret">${escapeHtml(state.secret)}</code></p>
${message ? `<p role="status"><strong>${escapeHtml(message)}</strong></p>` : ''}
<h2>Webhook URLs</h2>
${state.urls.length ? `<ul>${state.urls.map((u) => `<li><code>${escapeHtml(u)}</code></li>`).join('')}</ul>` : "<p>None yet: add the integration's webhook URL.</p>"}
<form method="post" action="/urls"><label for="url">Webhook URL</label>
<input id="url" name="url" type="url" required placeholder="http://…/webhooks/…"><button>Add URL</button></form>
<h2>Send a tracking update</h2>
<form method="post" action="/send">
<label for="orderId">Order id</label><input id="orderId" name="orderId" required>
<label for="type">Update</label><select id="type" name="type">
${CARRIER_EVENT_TYPES.map((t) => `<option value="${t}">${t.replace('shipment.', '')}</option>`).join('')}</select>
<label for="trackingRef">Tracking reference (optional)</label><input id="trackingRef" name="trackingRef">
<label for="description">Description (exceptions, optional)</label><input id="description" name="description">
<button>Send update</button></form>
<h2>Sent</h2>
${
  state.sent.length
    ? `<table><thead><tr><th>When</th><th>Update</th><th>Order</th><th>To</th><th>Answer</th></tr></thead><tbody>${state.sent
        .map(
          (s) =>
            `<tr><td>${escapeHtml(s.at)}</td><td>${escapeHtml(s.type)}</td><td>${escapeHtml(s.orderId)}</td><td><code>${escapeHtml(s.url)}</code></td><td>${escapeHtml(String(s.status))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>Nothing sent yet.</p>'
}
</main></body></html>`;

export const startCarrierSandbox = async (options: { stateFile?: string; port?: number } = {}) => {
  const state: State =
    options.stateFile && existsSync(options.stateFile)
      ? (JSON.parse(readFileSync(options.stateFile, 'utf8')) as State)
      : { secret: `whsec_${randomBytes(24).toString('base64')}`, urls: [], sent: [] };
  const save = () => {
    if (options.stateFile) writeFileSync(options.stateFile, JSON.stringify(state));
  };
  save();
  const signer = new Webhook(state.secret);

  const addUrl = (url: string) => {
    const parsed = new URL(url);
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error('The URL must be http or https');
    if (!state.urls.includes(parsed.href)) state.urls.push(parsed.href);
    save();
  };

  /** Signs one update and posts it to every added URL; returns what each answered. */
  const send = async (update: CarrierUpdate): Promise<Sent[]> => {
    if (!CARRIER_EVENT_TYPES.includes(update.type)) throw new Error(`Unknown update ${update.type}`);
    if (!update.orderId) throw new Error('An order id is required');
    const id = `msg_${randomBytes(12).toString('hex')}`;
    const now = new Date();
    const payload = JSON.stringify({
      id,
      type: update.type,
      created: Math.floor(now.getTime() / 1000),
      data: {
        object: {
          orderId: update.orderId,
          ...(update.trackingRef ? { trackingRef: update.trackingRef } : {}),
          ...(update.on ? { on: update.on } : {}),
          ...(update.description ? { description: update.description } : {}),
        },
      },
    });
    const results: Sent[] = [];
    for (const url of state.urls) {
      let status: Sent['status'] = 'unreachable';
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Firefly-Carrier-Sandbox/1.0',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signer.sign(id, now, payload),
          },
          body: payload,
          signal: AbortSignal.timeout(10_000),
        });
        status = response.status;
      } catch {
        // Recorded as unreachable; the carrier sandbox does not retry (the person can send again).
      }
      results.push({ id, type: update.type, orderId: update.orderId, url, status, at: now.toISOString() });
    }
    state.sent.unshift(...results);
    state.sent.length = Math.min(state.sent.length, 200);
    save();
    return results;
  };

  const reply = (res: ServerResponse, status: number, body: unknown, html = false) => {
    res.writeHead(status, { 'content-type': html ? 'text/html; charset=utf-8' : 'application/json' });
    res.end(html ? String(body) : JSON.stringify(body));
  };

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const wantsHtml = !(req.headers['content-type'] ?? '').includes('application/json');
    try {
      if (req.method === 'GET' && path === '/') return reply(res, 200, page(state), true);
      if (req.method === 'GET' && path === '/secret') return reply(res, 200, { secret: state.secret });
      if (req.method === 'POST' && path === '/urls') {
        const fields = fieldsOf(req, await readBody(req));
        addUrl(fields.url ?? '');
        return wantsHtml
          ? reply(res, 200, page(state, 'URL added'), true)
          : reply(res, 201, { urls: state.urls });
      }
      if (req.method === 'POST' && path === '/send') {
        const fields = fieldsOf(req, await readBody(req));
        const sent = await send({
          type: fields.type as CarrierEventType,
          orderId: fields.orderId ?? '',
          ...(fields.trackingRef ? { trackingRef: fields.trackingRef } : {}),
          ...(fields.on ? { on: fields.on } : {}),
          ...(fields.description ? { description: fields.description } : {}),
        });
        const summary = sent.length
          ? sent.map((s) => `${s.url} answered ${s.status}`).join('; ')
          : 'No webhook URL added: nothing sent';
        return wantsHtml ? reply(res, 200, page(state, summary), true) : reply(res, 200, { sent });
      }
      reply(res, 404, { error: 'Not found' });
    } catch (error) {
      const message = (error as Error).message;
      if (wantsHtml) reply(res, 400, page(state, message), true);
      else reply(res, 400, { error: message });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** The secret the carrier signs with: what a person pastes into the connect form. */
    secret: state.secret,
    addUrl,
    send,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export type CarrierSandbox = Awaited<ReturnType<typeof startCarrierSandbox>>;
