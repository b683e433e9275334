import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type HttpEvent, type HttpResult, httpHandler, implement } from '../../../functions/http/adapter.ts';
import {
  claim,
  DEFAULT_IN_PROGRESS_MS,
  hashBody,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  inProgressWindow,
} from '../../../functions/http/idempotency.ts';
import { HttpProblem } from '../../../functions/http/problem.ts';
import { defineRoute } from '../../../functions/http/route.ts';
import { tables } from '../../../functions/tables.ts';
import { type Service, startDynamo } from '../../../infra/local/services.ts';
import { ensureTable } from '../../../infra/local/tables.ts';

/**
 * Idempotency-Key semantics against the local DynamoDB, through the HTTP edge: in-progress claims
 * expire with the invocation's remaining time (as Powertools' idempotency utility does), a live one is
 * refused with 409, completed requests replay, and a key reused with another body is refused with 422.
 */
const TABLE = 'test-idempotency';
let dynamo: Service;
let doc: DynamoDBDocumentClient;

const contract = defineRoute({
  method: 'POST',
  path: '/api/things',
  permission: 'authenticated',
  summary: 'Make a thing',
  tag: 'test',
  body: z.object({ name: z.string() }).strict(),
  response: z.object({ id: z.string(), name: z.string() }),
  status: 201,
});

let runs = 0;
/** When set, the next run waits on it: a request still running. */
let gate: Promise<void> | undefined;
/** A name `fail` fails the request after its key was claimed. */
const things = implement(contract, async ({ body }) => {
  runs += 1;
  if (gate) await gate;
  if (body.name === 'fail') throw new HttpProblem(409, 'thing-refused', 'Refused', 'No');
  return { body: { id: `thing-${runs}`, name: body.name } };
});
let handler: ReturnType<typeof httpHandler>;

const event = (key: string, body: unknown, sub = 'user-1'): HttpEvent =>
  ({
    routeKey: 'POST /api/things',
    rawPath: '/api/things',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
    isBase64Encoded: false,
    pathParameters: {},
    requestContext: {
      requestId: `req-${Math.random()}`,
      http: { method: 'POST', path: '/api/things', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      authorizer: { lambda: { kind: 'user', sub, groups: 'owner' } },
    },
  }) as unknown as HttpEvent;

const context = (remainingMs: number): Context =>
  ({
    functionName: 'test',
    awsRequestId: `aws-${Math.random()}`,
    getRemainingTimeInMillis: () => remainingMs,
  }) as unknown as Context;

const call = (e: HttpEvent, remainingMs = 10_000) =>
  handler(e, context(remainingMs)) as Promise<HttpResult & { headers: Record<string, string> }>;
const json = (result: HttpResult) => JSON.parse(String(result.body)) as Record<string, unknown>;

beforeAll(async () => {
  dynamo = await startDynamo(undefined);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    IDEMPOTENCY_TABLE: TABLE,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const client = new DynamoDBClient({});
  await ensureTable(client, TABLE, tables.idempotency);
  doc = DynamoDBDocumentClient.from(client);
  // Built after the environment is set, so Powertools reads its switches (quiet logs and metrics).
  handler = httpHandler('test', [things]);
});
afterAll(() => dynamo.stop());

describe('Idempotency-Key at the HTTP edge', () => {
  it('runs once and replays the stored response with Idempotent-Replayed', async () => {
    const before = runs;
    const first = await call(event('replay-1', { name: 'A' }));
    const second = await call(event('replay-1', { name: 'A' }));
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(json(second)).toEqual(json(first));
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(runs - before).toBe(1);
  });

  it('scopes keys per caller: another user with the same key runs its own request', async () => {
    const before = runs;
    await call(event('shared-key', { name: 'A' }, 'user-1'));
    const other = await call(event('shared-key', { name: 'A' }, 'user-2'));
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(runs - before).toBe(2);
  });

  it('refuses the same key with a different body with 422', async () => {
    await call(event('reuse-1', { name: 'A' }));
    const reused = await call(event('reuse-1', { name: 'B' }));
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toBe('application/problem+json');
    expect(json(reused)).toMatchObject({
      type: 'https://firefly.example/problems/idempotency-key-reused',
      title: 'Idempotency key reused',
      status: 422,
    });
  });

  it('refuses a retry while the first request still runs with 409 and Retry-After', async () => {
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = call(event('live-1', { name: 'A' }), 20_000);
    await new Promise((r) => setTimeout(r, 200));
    gate = undefined;
    const retry = await call(event('live-1', { name: 'A' }));
    expect(retry.statusCode).toBe(409);
    expect(json(retry)).toMatchObject({
      type: 'https://firefly.example/problems/request-in-progress',
      title: 'Request in progress',
      status: 409,
    });
    const retryAfter = Number(retry.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(20);
    open();
    expect((await first).statusCode).toBe(201);
    const after = await call(event('live-1', { name: 'A' }));
    expect(after.headers['idempotent-replayed']).toBe('true');
    expect(json(after)).toEqual(json(await first));
  });

  it('lets a retry reclaim a claim whose invocation ran out of time', async () => {
    // A request that claimed the key and then timed out: its in-progress expiry has passed.
    const id = 'user-1#POST /api/things#{}#expired-1';
    const bodyHash = hashBody(JSON.stringify({ name: 'A' }));
    await doc.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          key: id,
          status: 'in_progress',
          bodyHash,
          expiresAt: Math.floor(Date.now() / 1000) + 86_400,
          inProgressExpiresAt: Date.now() - 1,
          token: 'dead-claim',
        },
      }),
    );
    const before = runs;
    const retry = await call(event('expired-1', { name: 'A' }));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(runs - before).toBe(1);
    const stored = (await doc.send(new GetCommand({ TableName: TABLE, Key: { key: id } }))).Item;
    expect(stored).toMatchObject({ status: 'complete', bodyHash });
    expect(stored?.token).not.toBe('dead-claim');
  });

  it('releases the key when the request fails, so a retry runs', async () => {
    const failing = await call(event('fail-1', { name: 'fail' }));
    expect(failing.statusCode).toBe(409);
    const retry = await call(event('fail-1', { name: 'A' }));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('idempotency persistence', () => {
  it('sets the in-progress expiry from the remaining time, with a default where it is unknown', async () => {
    expect(inProgressWindow(1234)).toBe(1234);
    expect(inProgressWindow(undefined)).toBe(DEFAULT_IN_PROGRESS_MS);
    expect(inProgressWindow(0)).toBe(DEFAULT_IN_PROGRESS_MS);
    const at = Date.now();
    const held = await claim('scope', 'window-1', 'h', 5_000);
    expect('claimed' in held).toBe(true);
    const stored = (await doc.send(new GetCommand({ TableName: TABLE, Key: { key: 'scope#window-1' } })))
      .Item;
    expect(stored?.inProgressExpiresAt).toBeGreaterThanOrEqual(at + 5_000);
    expect(stored?.inProgressExpiresAt).toBeLessThan(at + 6_000);
  });

  it('throws typed errors, not HTTP problems', async () => {
    await claim('scope', 'typed-1', 'h1', 30_000);
    await expect(claim('scope', 'typed-1', 'h1')).rejects.toBeInstanceOf(IdempotencyInProgressError);
    await expect(claim('scope', 'typed-1', 'h2')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('reclaims a claim once its in-progress window has passed', async () => {
    const first = await claim('scope', 'lapse-1', 'h', 50);
    await expect(claim('scope', 'lapse-1', 'h')).rejects.toBeInstanceOf(IdempotencyInProgressError);
    await new Promise((r) => setTimeout(r, 80));
    const second = await claim('scope', 'lapse-1', 'h');
    expect('claimed' in first && 'claimed' in second && first.claimed.token !== second.claimed.token).toBe(
      true,
    );
  });
});
