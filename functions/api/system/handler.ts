import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../adapters/clients.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { config } from '../../runtime/config.ts';
import * as api from './contract.ts';
import type { openApiDocument } from './openapi.ts';
import { readReadiness } from './readiness.ts';

let document: ReturnType<typeof openApiDocument> | undefined;

const timed = async (check: () => Promise<unknown>) => {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started) };
  }
};

/** The docs page loads Swagger UI from the console's own origin (`/docs/`), so it works offline too. */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Firefly admin API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="api"><p>Loading the API description from <a href="/api/openapi.json">/api/openapi.json</a>…</p></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

export const handler = httpHandler('system', [
  implement(api.health, async () => {
    const checks = {
      views: await timed(() =>
        dynamo().send(new GetCommand({ TableName: config.viewsTable, Key: { view: 'health', id: 'probe' } })),
      ),
    };
    const ok = Object.values(checks).every((c) => c.ok);
    return {
      status: ok ? 200 : 503,
      body: { status: ok ? 'ok' : 'degraded', stage: config.stage, checks, time: new Date().toISOString() },
    };
  }),
  implement(api.readiness, async () => {
    const state = await readReadiness();
    return state.ready
      ? { body: { status: 'ready' as const, detail: 'The platform is ready' } }
      : {
          status: 503,
          body: { status: 'starting' as const, detail: state.detail, since: state.since },
          headers: { 'retry-after': '5' },
        };
  }),
  implement(api.openapi, async () => {
    // The description needs every route's contract (the whole manifest) and zod-openapi: loaded for this
    // route only, so health and readiness checks, which cold-start this function, start without them.
    if (!document) {
      const [{ httpRoutes }, { openApiDocument }] = await Promise.all([
        import('../../manifest.ts'),
        import('./openapi.ts'),
      ]);
      document = openApiDocument(httpRoutes().map((r) => r.route));
    }
    return { body: document, headers: { 'cache-control': 'public, max-age=300' } };
  }),
  implement(api.docs, async () => ({ body: DOCS_PAGE })),
]);
