import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../../../infra/local/gateway.ts';

/** The console's hosting on the local gateway: what CloudFront does for it in AWS. */
const webRoot = mkdtempSync(join(tmpdir(), 'firefly-web-'));
const script = `console.log(${JSON.stringify('firefly '.repeat(2_000))});\n`;
let gateway: Awaited<ReturnType<typeof startGateway>>;

beforeAll(async () => {
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(webRoot, 'assets/app-abc123.js'), script);
  writeFileSync(join(webRoot, 'assets/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  gateway = await startGateway({
    port: 0,
    routes: [],
    webRoot,
    config: { apiUrl: '' },
  });
});
afterAll(async () => {
  await gateway?.stop();
  rmSync(webRoot, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((done, fail) => {
    const req = request(`${gateway.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', fail);
    req.end();
  });

describe('the local gateway serving the console', () => {
  it('compresses text files as CloudFront does, brotli first, and caches hashed assets for good', async () => {
    const br = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.body).toString()).toBe(script);
    expect(br.body.length).toBeLessThan(script.length / 10);

    const gzip = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(script);

    const plain = await get('/assets/app-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('sends images as they are, and client-side routes the app page, never cached stale', async () => {
    const png = await get('/assets/logo.png', { 'accept-encoding': 'br' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.length).toBe(4);
    const route = await get('/orders/01ABC', { 'accept-encoding': 'gzip' });
    expect(route.status).toBe(200);
    expect(route.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(route.body).toString()).toContain('id="root"');
    expect((await get('/missing.js')).status).toBe(404);
  });
});
