import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A payments sandbox that speaks the part of Stripe's API the platform uses and signs its webhooks the
 * way Stripe does (Stripe-Signature, HMAC-SHA256 over `t.body`), so the whole card flow runs offline:
 * the platform registers its webhook endpoint, opens a checkout, the person pays or declines on the
 * sandbox's page, and the signed event comes back to the platform's public webhook route. Local only:
 * nothing here is deployed.
 */
export const SANDBOX_API_KEY = 'sk_test_firefly_sandbox';

interface Endpoint {
  id: string;
  url: string;
  secret: string;
  enabled_events: string[];
  status: 'enabled';
}

interface Session {
  id: string;
  amount: number;
  currency: string;
  name: string;
  orderId: string;
  successUrl: string;
  status: 'open' | 'complete' | 'declined';
  paymentIntent?: string;
}

interface Delivery {
  eventId: string;
  /** The event as sent, so a redelivery sends the same bytes under a fresh signature, as Stripe's does. */
  payload: string;
  type: string;
  endpoint: string;
  status: number | 'unreachable';
  attempts: number;
  at: string;
}

interface State {
  endpoints: Endpoint[];
  sessions: Session[];
  deliveries: Delivery[];
  refunded: Record<string, number>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f}
button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem;border-radius:.4rem;border:1px solid #555;cursor:pointer}
.pay{background:#1b5e20;color:#fff;border-color:#1b5e20}code{background:#eee;padding:.1rem .3rem}
table{border-collapse:collapse}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}</style>
</head><body><main>${body}</main></body></html>`;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** Stripe's nested form fields, flattened back: `metadata[orderId]` -> key as written. */
const formOf = (text: string) => Object.fromEntries(new URLSearchParams(text));
const listOf = (text: string, name: string) => new URLSearchParams(text).getAll(`${name}[]`);

const RETRY_MS = [0, 1000, 5000, 30_000];

export const startPaymentsSandbox = async (options: { stateFile?: string; port?: number } = {}) => {
  const state: State =
    options.stateFile && existsSync(options.stateFile)
      ? (JSON.parse(readFileSync(options.stateFile, 'utf8')) as State)
      : { endpoints: [], sessions: [], deliveries: [], refunded: {} };
  const save = () => {
    if (options.stateFile) writeFileSync(options.stateFile, JSON.stringify(state));
  };
  const timers = new Set<NodeJS.Timeout>();

  /** Sends one event to every endpoint subscribed to it, signed with that endpoint's secret, retrying. */
  const emit = (type: string, object: Record<string, unknown>) => {
    const event = {
      id: id('evt'),
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object },
    };
    const payload = JSON.stringify(event);
    for (const endpoint of state.endpoints.filter((e) => e.enabled_events.includes(type))) {
      const delivery: Delivery = {
        eventId: event.id,
        payload,
        type,
        endpoint: endpoint.url,
        status: 'unreachable',
        attempts: 0,
        at: new Date().toISOString(),
      };
      state.deliveries.unshift(delivery);
      state.deliveries.length = Math.min(state.deliveries.length, 200);
      const attempt = async () => {
        delivery.attempts += 1;
        try {
          const response = await fetch(endpoint.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'stripe-signature': Stripe.webhooks.generateTestHeaderString({
                payload,
                secret: endpoint.secret,
              }),
              'user-agent': 'Firefly-Payments-Sandbox/1.0',
            },
            body: payload,
            signal: AbortSignal.timeout(10_000),
          });
          delivery.status = response.status;
          if (response.ok) return save();
        } catch {
          delivery.status = 'unreachable';
        }
        save();
        const wait = RETRY_MS[delivery.attempts];
        if (wait !== undefined) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            void attempt();
          }, wait);
          timers.add(timer);
        }
      };
      void attempt();
    }
    return event;
  };

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  };
  const apiError = (res: ServerResponse, status: number, message: string) =>
    json(res, status, { error: { type: 'invalid_request_error', message } });

  /** While set, the API answers 503 as a provider in an outage does (its pages still load). */
  let outage = false;

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const path = url.pathname;
      const text = req.method === 'POST' ? await readBody(req) : '';
      if (path.startsWith('/v1/')) {
        if (outage) return apiError(res, 503, 'The payments sandbox is simulating an outage');
        if (req.headers.authorization !== `Bearer ${SANDBOX_API_KEY}`)
          return apiError(res, 401, 'Invalid API Key provided');
        if (req.method === 'GET' && path === '/v1/account')
          return json(res, 200, { id: 'acct_firefly_sandbox', object: 'account', country: 'US' });
        if (req.method === 'POST' && path === '/v1/webhook_endpoints') {
          const form = formOf(text);
          if (!form.url) return apiError(res, 400, 'Missing required param: url.');
          const endpoint: Endpoint = {
            id: id('we'),
            url: form.url,
            secret: `whsec_${randomBytes(24).toString('base64url')}`,
            enabled_events: listOf(text, 'enabled_events'),
            status: 'enabled',
          };
          state.endpoints.push(endpoint);
          save();
          return json(res, 200, { object: 'webhook_endpoint', ...endpoint });
        }
        const endpointMatch = /^\/v1\/webhook_endpoints\/([\w-]+)$/.exec(path);
        if (req.method === 'GET' && endpointMatch) {
          const endpoint = state.endpoints.find((e) => e.id === endpointMatch[1]);
          if (!endpoint) return apiError(res, 404, 'No such webhook endpoint');
          const { secret: _, ...shown } = endpoint;
          return json(res, 200, { object: 'webhook_endpoint', ...shown });
        }
        if (req.method === 'POST' && path === '/v1/checkout/sessions') {
          const form = formOf(text);
          const amount = Number(form['line_items[0][price_data][unit_amount]']);
          const orderId = form['metadata[orderId]'] ?? '';
          if (!Number.isInteger(amount) || amount <= 0) return apiError(res, 400, 'Invalid amount');
          const session: Session = {
            id: id('cs_test'),
            amount,
            currency: form['line_items[0][price_data][currency]'] ?? 'usd',
            name: form['line_items[0][price_data][product_data][name]'] ?? 'Payment',
            orderId,
            successUrl: form.success_url ?? '/',
            status: 'open',
          };
          state.sessions.unshift(session);
          save();
          return json(res, 200, {
            object: 'checkout.session',
            id: session.id,
            url: `${base()}/pay/${session.id}`,
            amount_total: amount,
          });
        }
        if (req.method === 'POST' && path === '/v1/refunds') {
          const form = formOf(text);
          const session = state.sessions.find((s) => s.paymentIntent === form.payment_intent);
          if (!session) return apiError(res, 404, 'No such payment_intent');
          const already = state.refunded[session.paymentIntent!] ?? 0;
          const amount = form.amount ? Number(form.amount) : session.amount - already;
          if (!(amount > 0) || already + amount > session.amount)
            return apiError(res, 400, 'Invalid refund amount');
          state.refunded[session.paymentIntent!] = already + amount;
          save();
          emit('charge.refunded', {
            id: id('ch'),
            object: 'charge',
            payment_intent: session.paymentIntent,
            amount: session.amount,
            amount_refunded: already + amount,
            currency: session.currency,
            metadata: { orderId: session.orderId },
          });
          return json(res, 200, {
            object: 'refund',
            id: id('re'),
            amount,
            payment_intent: session.paymentIntent,
          });
        }
        return apiError(res, 404, `Unrecognized request URL (${req.method}: ${path})`);
      }
      const payMatch = /^\/pay\/([\w-]+)(?:\/(succeed|decline))?$/.exec(path);
      if (payMatch) {
        const session = state.sessions.find((s) => s.id === payMatch[1]);
        if (!session) return html(res, 404, page('Not found', '<h1>No such checkout</h1>'));
        const dollars = `$${(session.amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
        if (req.method === 'POST' && payMatch[2] && session.status === 'open') {
          const succeeded = payMatch[2] === 'succeed';
          session.status = succeeded ? 'complete' : 'declined';
          session.paymentIntent = id('pi');
          save();
          emit(succeeded ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', {
            id: session.paymentIntent,
            object: 'payment_intent',
            amount: session.amount,
            amount_received: succeeded ? session.amount : 0,
            currency: session.currency,
            metadata: { orderId: session.orderId },
            ...(succeeded ? {} : { last_payment_error: { message: 'Your card was declined.' } }),
          });
        }
        if (session.status !== 'open') {
          const done = session.status === 'complete' ? `Paid ${dollars}` : 'Payment declined';
          return html(
            res,
            200,
            page(
              done,
              `<h1>${done}</h1><p>${escapeHtml(session.name)}</p>
<p>Payment <code>${escapeHtml(session.paymentIntent ?? '')}</code>. The platform records it when the signed webhook arrives.</p>
<p><a href="${escapeHtml(session.successUrl)}">Back to Firefly</a></p>`,
            ),
          );
        }
        return html(
          res,
          200,
          page(
            `Pay ${dollars}`,
            `<h1>Payments sandbox checkout</h1>
<p>${escapeHtml(session.name)}</p><p style="font-size:1.6rem"><strong>${dollars}</strong></p>
<p>Test card <code>4242 4242 4242 4242</code>: no real money moves.</p>
<form method="post" action="/pay/${escapeHtml(session.id)}/succeed" style="display:inline"><button class="pay" type="submit">Pay ${dollars}</button></form>
<form method="post" action="/pay/${escapeHtml(session.id)}/decline" style="display:inline"><button type="submit">Decline the card</button></form>`,
          ),
        );
      }
      if (path === '/outage' && req.method === 'POST') {
        outage = formOf(text).down === 'true';
        res.writeHead(303, { location: '/' });
        return res.end();
      }
      if (path === '/' && req.method === 'GET') {
        const rows = state.deliveries
          .slice(0, 50)
          .map(
            (d) =>
              `<tr><td>${escapeHtml(d.at)}</td><td>${escapeHtml(d.type)}</td><td>${escapeHtml(String(d.status))}</td><td>${d.attempts}</td></tr>`,
          )
          .join('');
        return html(
          res,
          200,
          page(
            'Payments sandbox',
            `<h1>Payments sandbox</h1>
<p>Speaks Stripe's API for checkouts, webhook endpoints and refunds, and signs webhooks like Stripe. Local only.</p>
<p>API base URL <code>${escapeHtml(base())}</code><br>Secret API key <code>${SANDBOX_API_KEY}</code></p>
<form method="post" action="/outage"><p>API status: <strong>${outage ? 'simulating an outage (503)' : 'up'}</strong>
<input type="hidden" name="down" value="${!outage}"><button type="submit">${outage ? 'End the outage' : 'Simulate an outage'}</button></p></form>
<h2>Webhook deliveries</h2><table><thead><tr><th>At</th><th>Event</th><th>Answer</th><th>Attempts</th></tr></thead><tbody>${rows || '<tr><td colspan="4">None yet</td></tr>'}</tbody></table>`,
          ),
        );
      }
      return html(res, 404, page('Not found', '<h1>Not found</h1>'));
    } catch (error) {
      json(res, 500, { error: { message: (error as Error).message } });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base(),
    apiKey: SANDBOX_API_KEY,
    /** Simulates a provider outage (the API answers 503) until called with false. */
    setOutage: (down: boolean) => {
      outage = down;
    },
    /** Refunds part or all of a paid checkout, as the provider's dashboard would. */
    refund: (paymentIntent: string, amount?: number) =>
      fetch(`${base()}/v1/refunds`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${SANDBOX_API_KEY}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          payment_intent: paymentIntent,
          ...(amount ? { amount: String(amount) } : {}),
        }),
      }),
    deliveries: () => state.deliveries,
    /** Sends an event again to its endpoint with a fresh signature: what a provider's retry or "resend" does. */
    redeliver: async (eventId: string) => {
      const delivery = state.deliveries.find((d) => d.eventId === eventId);
      const endpoint = state.endpoints.find((e) => e.url === delivery?.endpoint);
      if (!delivery || !endpoint) throw new Error(`No delivery of ${eventId}`);
      return fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': Stripe.webhooks.generateTestHeaderString({
            payload: delivery.payload,
            secret: endpoint.secret,
          }),
        },
        body: delivery.payload,
      });
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
