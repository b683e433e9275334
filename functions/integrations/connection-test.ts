import { ulid } from 'ulid';
import type { CheckName, CheckResult, IntegrationState } from '../../domain/integrations/integrations.ts';
import { CONNECTION_TEST_EVENT, templateOf } from '../../domain/integrations/templates.ts';
import type { Actor } from '../../events/envelope.ts';
import { aggregates } from '../application/aggregates.ts';
import { execute } from '../application/command.ts';
import { webhookUrlOf } from './connect.ts';
import { assertOutboundAllowed } from './outbound-guard.ts';
import { readAccount, readWebhookEndpoint } from './payments-api.ts';
import { openCredential } from './secrets.ts';
import { signDelivery } from './signatures.ts';

type Integration = Extract<IntegrationState, { exists: true }>;
type Outcome = Omit<CheckResult, 'check' | 'ms'>;
interface Meta {
  actor: Actor;
  correlationId: string;
}

const passed = (detail: string): Outcome => ({ outcome: 'passed', detail });
const failed = (detail: string): Outcome => ({ outcome: 'failed', detail });
const skipped = (detail: string): Outcome => ({ outcome: 'skipped', detail });

/** Runs one check, timing it; a check that throws has failed with its message. */
const timed = async (check: CheckName, run: () => Promise<Outcome>): Promise<CheckResult> => {
  const started = performance.now();
  let result: Outcome;
  try {
    result = await run();
  } catch (error) {
    result = failed((error as Error).message);
  }
  return { check, ...result, ms: Math.round(performance.now() - started) };
};

/**
 * A connection test: each check separately, in order, with its result and time. The round trip signs a
 * test delivery with the stored secret exactly as the provider would and sends it to the integration's
 * own public webhook URL, so it proves the route, the stored secret and the verification together.
 */
export const testConnection = async (integration: Integration, meta: Meta) =>
  execute(
    aggregates.integration.decider,
    aggregates.integration.stream(integration.integrationId),
    {
      type: 'RecordConnectionTest',
      at: new Date().toISOString(),
      checks: await runChecks(integration, meta, { roundTrip: true }),
    },
    meta,
  );

/**
 * Each check in order. The scheduled health check leaves out the round trip: it writes a delivery (and
 * its events) each time, and proves the platform's own route rather than the provider.
 */
export const runChecks = async (
  integration: Integration,
  meta: Meta,
  options: { roundTrip: boolean },
): Promise<CheckResult[]> => {
  const template = templateOf(integration.template);
  const base = integration.baseUrl;
  const apiKey = () => openCredential(integration, 'apiKey', 'connection-test', meta);
  const checks: CheckResult[] = [];

  checks.push(
    await timed('reachable', async () => {
      if (!base) return skipped('Inbound only: the platform calls nothing of this provider');
      const url = await assertOutboundAllowed(base);
      const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'manual' });
      return passed(`${url.host} answered ${response.status}`);
    }),
  );
  checks.push(
    await timed('tls', async () => {
      if (!base) return skipped('Inbound only');
      const url = new URL(base);
      if (url.protocol === 'https:') return passed('HTTPS with a certificate the runtime trusts');
      return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
        ? skipped('A local sandbox over plain HTTP')
        : failed('The provider URL is not HTTPS');
    }),
  );
  checks.push(
    await timed('credential', async () => {
      if (!base) return skipped('No API key: deliveries are checked by their signature');
      const key = await apiKey();
      if (!key) return failed('No API key is stored');
      const account = await readAccount(base, key);
      return passed(`Accepted for account ${account.id}`);
    }),
  );
  checks.push(
    await timed('permissions', async () => {
      if (!base || !integration.providerEndpointId) return skipped('Nothing registered at the provider');
      const key = await apiKey();
      const endpoint = await readWebhookEndpoint(base, key ?? '', integration.providerEndpointId);
      const missing = template.eventTypes.filter((t) => !endpoint.enabled_events.includes(t));
      if (endpoint.url !== webhookUrlOf(integration.integrationId))
        return failed(`The provider delivers to ${endpoint.url}, not to this integration`);
      return missing.length
        ? failed(`The endpoint is not subscribed to ${missing.join(', ')}`)
        : passed(`Subscribed to ${template.eventTypes.join(', ')}`);
    }),
  );
  if (!options.roundTrip) return checks;
  checks.push(
    await timed('webhook-round-trip', async () => {
      const secret = await openCredential(integration, 'signingSecret', 'connection-test', meta);
      if (!secret) return failed('No signing secret is stored');
      const now = new Date();
      const id = `evt_test_${ulid()}`;
      const body = JSON.stringify({
        id,
        type: CONNECTION_TEST_EVENT,
        created: Math.floor(now.getTime() / 1000),
        data: { object: { test: true } },
      });
      const response = await fetch(webhookUrlOf(integration.integrationId), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(await signDelivery(template.scheme, body, secret, id, now)),
        },
        body,
        signal: AbortSignal.timeout(8000),
      });
      const answer = (await response.json().catch(() => ({}))) as { detail?: string; received?: boolean };
      // Only the webhook route's own receipt counts: a 200 from anything else at that URL proves nothing.
      return response.ok && answer.received === true
        ? passed('A signed test delivery came back verified')
        : failed(`The webhook route answered ${response.status}: ${answer.detail ?? 'no detail'}`);
    }),
  );
  return checks;
};
