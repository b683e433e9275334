import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { apiAs, request, signIn } from '../support/cloud.ts';
import { percentile, round, startPlatform } from './support.ts';

/**
 * Inbound webhooks: verify-and-accept latency of signed Standard Webhooks deliveries to a connected
 * integration (signature over the raw bytes, body kept in S3, the delivery's stream begun, its outcome
 * recorded), at a steady concurrency, as a provider's burst arrives.
 */
export const benchWebhooks = async () => {
  const quick = process.env.BENCH_QUICK === '1';
  const deliveries = quick ? 200 : 1_000;
  const concurrency = 8;
  const dataDir = mkdtempSync(join(tmpdir(), 'firefly-bench-webhooks-'));
  const platform = await startPlatform({ DATA_DIR: dataDir, SEED: 'none' });
  try {
    const owner = apiAs(platform, (await signIn(platform, 'owner')).idToken);
    const secret = `whsec_${Buffer.from('bench-secret-32-bytes-long-value').toString('base64')}`;
    const connected = await owner.post('/api/integrations', {
      template: 'standard-webhooks',
      name: 'Bench sender',
      signingSecret: secret,
    });
    const id = String(connected.body.id);
    const signer = new Webhook(secret);
    const latencies: number[] = [];
    let accepted = 0;
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < deliveries) {
        const n = next++;
        const at = new Date();
        const messageId = `msg_bench_${n}`;
        const body = JSON.stringify({
          id: messageId,
          type: 'bench.event',
          created: Math.floor(at.getTime() / 1000),
          data: { object: { n } },
        });
        const t0 = performance.now();
        const reply = await request(platform.url, 'POST', `/webhooks/${id}`, {
          rawBody: body,
          headers: {
            'webhook-id': messageId,
            'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
            'webhook-signature': signer.sign(messageId, at, body),
          },
        });
        latencies.push(performance.now() - t0);
        if (reply.status === 200) accepted++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      deliveries,
      concurrency,
      accepted,
      perSecond: round(deliveries / seconds),
      p50Ms: round(percentile(latencies, 50), 1),
      p95Ms: round(percentile(latencies, 95), 1),
      p99Ms: round(percentile(latencies, 99), 1),
    };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
