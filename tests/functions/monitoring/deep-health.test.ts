import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timed } from '../../../functions/monitoring/deep-health.ts';

/** A dependency that accepts connections and never answers: the worst kind of outage. */
let hanging: Server;
let url: string;
beforeAll(async () => {
  hanging = createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
});
afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise((resolve) => hanging.close(resolve));
});

describe('a deep health probe', () => {
  it('reports a hanging dependency as a timeout within its own timeout, and aborts the request', async () => {
    const s3 = new S3Client({
      endpoint: url,
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    let aborted = false;
    const started = performance.now();
    const outcome = await timed(async (abortSignal) => {
      abortSignal.addEventListener('abort', () => {
        aborted = true;
      });
      await s3.send(new HeadBucketCommand({ Bucket: 'b' }), { abortSignal });
      return undefined;
    }, 300);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(outcome).toMatchObject({ status: 'down', reason: 'timeout: no answer in 300 ms' });
    expect(aborted).toBe(true);
  });

  it('reports a refused connection as down with its cause, and a slow answer as degraded', async () => {
    const refused = await timed(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error', code: 'ECONNREFUSED' });
    }, 300);
    expect(refused).toMatchObject({ status: 'down', reason: 'Error (ECONNREFUSED): connect ECONNREFUSED' });
    const slow = await timed(
      () => new Promise((resolve) => setTimeout(() => resolve(undefined), 1_100)),
      2_000,
    );
    expect(slow.status).toBe('degraded');
  });
});
