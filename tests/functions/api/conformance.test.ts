import { createHash } from 'node:crypto';
import { AdminSetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import fc from 'fast-check';
import { generateSync } from 'otplib';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Role } from '../../../domain/access/permissions.ts';
import { type ItemCommand, itemDecider } from '../../../domain/inventory/items.ts';
import { SYSTEM_ACTOR } from '../../../events/envelope.ts';
import { cognito } from '../../../functions/adapters/clients.ts';
import { aggregates } from '../../../functions/application/aggregates.ts';
import { execute } from '../../../functions/application/command.ts';
import { backfillAuditLog } from '../../../functions/audit/digests.ts';
import { rebuildViews } from '../../../functions/projections/project.ts';
import { buildDataset } from '../../../functions/reports/dataset-build.ts';
import { DEFAULT_DEMO_PASSWORD } from '../../../infra/local/cognito-seed.ts';
import { generateHistory } from '../../../infra/local/demo/history.ts';
import { importHistory } from '../../../infra/local/demo/import.ts';
import { apiAs, type Json, request, signIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { conformance } from '../../support/openapi-conformance.ts';
import {
  type OpenApiDocument,
  type Operation,
  operationsOf,
  type Schema,
  SchemaArbitraries,
} from '../../support/openapi-fuzz.ts';
import { created, customer, ifMatch, item, model, paidOrder, supplier } from './fixtures.ts';

/**
 * The API and its OpenAPI description agree: every operation is called, with a real success case where
 * one can be made and with problem cases (no token, a role without the permission, missing and malformed
 * ids, unknown query parameters, bodies that are not valid, wrong content types, missing and stale
 * If-Match, oversized headers, and each route's own refusals: lockouts, conflicts), and every response
 * is checked against the description as a validating proxy would: its status described, its content
 * type described for that status, its body valid against that schema (`additionalProperties` and formats
 * included). The data is a small generated history of the business plus records made here, so list and
 * report responses hold records in every state.
 */
const SEED = 20_261_202;
/**
 * Each operation's own seed offset, from its method and path: adding an operation elsewhere leaves every
 * other operation's generated requests as they were (a position in the list would shift them all).
 */
const seedOf = (op: { method: string; path: string }) =>
  Number.parseInt(createHash('sha256').update(`${op.method} ${op.path}`).digest('hex').slice(0, 6), 16);

/** Tries at a success case per operation: generated bodies on different records. */
const ATTEMPTS = 24;

let cloud: TestCloud;
let document: OpenApiDocument;
let check: ReturnType<typeof conformance>['check'];
let arbs: SchemaArbitraries;
const tokens = new Map<string, string>();
/** Ids listed by each collection (`/api/models` → model ids), for path parameters and references. */
const listed = new Map<string, string[]>();
/** Values seen under each key of any response body, for parameters no collection lists. */
const seen = new Map<string, Set<string>>();
let disposableUser = '';
/** The actions each listed record offers the owner: commands are tried first on records that offer them. */
const actionsOf = new Map<string, string[]>();

interface Sent {
  status: number;
  contentType: string;
  text: string;
  body: Json | undefined;
}
interface Violation {
  operation: string;
  status: number;
  issues: string[];
  request: string;
  response: string;
}
const violations: Violation[] = [];
/** The last refusal of each operation, to say why no success case could be made. */
const lastRefusal = new Map<string, string>();
/** Per operation, the statuses of the responses validated. */
const validated = new Map<string, Map<number, number>>();
/** A supplier items can be reordered from. */
let reorderSupplier = '';

const remember = (value: unknown, key = '') => {
  if (Array.isArray(value)) for (const v of value) remember(v, key);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) remember(v, k);
  else if (key && (typeof value === 'string' || typeof value === 'number')) {
    const values = seen.get(key) ?? new Set<string>();
    if (values.size < 200) values.add(String(value));
    seen.set(key, values);
  }
};

/** Sends one request to an operation and checks the answer against the description. */
const send = async (
  op: { method: string; path: string },
  url: string,
  options: { caller?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Sent> => {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.caller ? tokens.get(options.caller) : undefined;
  if (token) headers.authorization = `Bearer ${token}`;
  let body = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${cloud.url}${url}`, { method: op.method, headers, body });
  const text = await res.text();
  const sent: Sent = {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text,
    body: undefined,
  };
  try {
    sent.body = text && /json/.test(sent.contentType) ? (JSON.parse(text) as Json) : undefined;
  } catch {
    // Checked below: a JSON content type with a body that is not JSON is a violation.
  }
  const name = `${op.method} ${op.path}`;
  const statuses = validated.get(name) ?? new Map<number, number>();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  validated.set(name, statuses);
  const issues = check(op.method, op.path, sent);
  if (issues.length) {
    violations.push({
      operation: name,
      status: res.status,
      issues,
      request: `${op.method} ${url} as ${options.caller ?? 'nobody'}${body === undefined ? '' : ` ${body.slice(0, 300)}`}`,
      response: text.slice(0, 300),
    });
  }
  if (res.status < 300) remember(sent.body);
  else lastRefusal.set(name, `${res.status} ${text.slice(0, 160)}`);
  // CONFORMANCE_TRACE=<part of an operation> prints each of its requests and answers, to see why none succeeds.
  if (process.env.CONFORMANCE_TRACE && name.includes(process.env.CONFORMANCE_TRACE))
    console.log('TRACE', name, url, body?.slice(0, 200), res.status, text.slice(0, 200));
  return sent;
};

const owner = () => apiAs(cloud, tokens.get('owner')!);

const pathParams = (operation: Operation) => (operation.parameters ?? []).filter((p) => p.in === 'path');
const fill = (path: string, values: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'missing-id'));

/** A deterministic shuffle, so success cases try records in many states, not only the newest. */
const shuffled = <T>(values: readonly T[], seed: number): T[] =>
  fc.sample(fc.shuffledSubarray([...values], { minLength: values.length }), { seed, numRuns: 1 })[0] ?? [];

/** The collection listing a path's first parameter: `/api/models/{id}/price` → `/api/models`. */
const collectionOf = (path: string) => path.slice(0, path.indexOf('/{'));

/** The ids a collection lists now (its first 100 rows), or undefined when the path is no collection. */
const list = async (collection: string): Promise<string[] | undefined> => {
  const operation = document.paths[collection]?.get;
  if (!operation) return undefined;
  const op = { method: 'GET', path: collection };
  const limit = operation.parameters?.some((p) => p.name === 'limit') ? 'limit=100' : '';
  const res = await send(op, withQuery(collection, requiredQuery(operation, SEED), limit), {
    caller: operation.security?.length === 0 ? undefined : 'owner',
  });
  const items = res.body?.items ?? [];
  const ids = items.map((row) => String(row.id ?? row.seq));
  if (ids.length) listed.set(collection, ids);
  for (const row of items)
    if (Array.isArray(row.actions)) actionsOf.set(String(row.id), row.actions as string[]);
  return ids;
};

/** Values of a key anywhere in a JSON value. */
const valuesOf = (value: unknown, key: string, out: string[] = []): string[] => {
  if (Array.isArray(value)) for (const v of value) valuesOf(v, key, out);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === key && (typeof v === 'string' || typeof v === 'number')) out.push(String(v));
      else valuesOf(v, key, out);
    }
  return out;
};

/** Path parameter values that name real records: ids a collection lists, then ids inside each record. */
const candidates = async (method: string, path: string, operation: Operation, seed: number) => {
  const params = pathParams(operation);
  if (!params.length) return [{}];
  const [first, ...rest] = params.map((p) => p.name);
  const collection = collectionOf(path);
  let firsts =
    method !== 'GET' && collection === '/api/users'
      ? [disposableUser]
      : ((await list(collection)) ?? [...(seen.get(first!) ?? [])]);
  // A command goes first to records whose actions offer it (`/deposit` ~ `pay-deposit`, `/receipts` ~
  // `receive`), then to records offering anything, so records in every state get their turn.
  const step = path.split('/').at(-1)!.slice(0, 5);
  const rank = (id: string) => {
    const actions = actionsOf.get(id) ?? [];
    if (method === 'GET' || !actions.length) return 2;
    return actions.some((a) => a.split('-').some((word) => word.startsWith(step))) ? 0 : 1;
  };
  firsts = shuffled(firsts, seed)
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, 12);
  if (!rest.length) return firsts.map((value) => ({ [first!]: value }));
  const combos: Record<string, string>[] = [];
  for (const value of firsts) {
    const record = await owner().get(`${collection}/${encodeURIComponent(value)}`);
    const [second] = rest;
    for (const inner of valuesOf(record.body, second!).slice(0, 3))
      combos.push({ [first!]: value, [second!]: inner });
    if (second === 'code')
      for (const code of valuesOf(record.body, 'code').slice(0, 3)) combos.push({ [first!]: value, code });
  }
  return combos;
};

/** Record references in a generated body point at records of the right kind. */
const REFERENCES: Record<string, string> = {
  modelId: '/api/models',
  customerId: '/api/customers',
  orderId: '/api/orders',
  itemId: '/api/items',
  supplierId: '/api/suppliers',
  quoteId: '/api/quotes',
  leadId: '/api/leads',
  campaignId: '/api/campaigns',
  backupId: '/api/backups',
};
const withReferences = (value: unknown, seed: number, record: unknown): unknown => {
  if (Array.isArray(value)) return value.map((v, i) => withReferences(v, seed + i, record));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // What the record changed already names (a purchase order's items) comes first, then the newest records.
    const named = REFERENCES[key] ? valuesOf(record, key) : [];
    const ids = named.length ? named : REFERENCES[key] ? listed.get(REFERENCES[key])?.slice(0, 8) : undefined;
    out[key] =
      ids?.length && typeof v === 'string' ? ids[seed % ids.length] : withReferences(v, seed, record);
  }
  return out;
};

const sampleBody = (schema: Schema, seed: number, record: unknown = undefined) =>
  withReferences(fc.sample(arbs.value(schema, 0), { seed, numRuns: 1 })[0], seed, record);

/** Required query parameters, with values the API takes: a period for evidence, generated otherwise. */
const requiredQuery = (operation: Operation, seed: number): string => {
  const parts: string[] = [];
  for (const p of operation.parameters ?? []) {
    if (p.in !== 'query' || !p.required) continue;
    const value =
      p.name === 'from'
        ? new Date(Date.now() - 400 * 86_400_000).toISOString()
        : p.name === 'to'
          ? new Date().toISOString()
          : String(fc.sample(arbs.value(p.schema ?? {}, 0), { seed, numRuns: 1 })[0]);
    parts.push(`${p.name}=${encodeURIComponent(value)}`);
  }
  return parts.join('&');
};
const withQuery = (url: string, ...queries: string[]) => {
  const query = queries.filter(Boolean).join('&');
  return query ? `${url}?${query}` : url;
};

/** The record a command changes: its current version (If-Match) and what it names. */
const recordOf = async (path: string, values: Record<string, string>) => {
  if (!path.includes('{')) return undefined;
  const res = await owner().get(fill(path.slice(0, path.indexOf('}') + 1), values));
  return res.status === 200 ? res.body : undefined;
};

/** Tries to make the operation succeed; true when one answer was a 2xx. */
const succeed = async (
  method: string,
  path: string,
  operation: Operation,
  seed: number,
): Promise<boolean> => {
  const op = { method, path };
  const combos = await candidates(method, path, operation, seed);
  const schema = operation.requestBody?.content['application/json']?.schema;
  const hasIfMatch = (operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'If-Match');
  if (!combos.length) return false;
  const enumFormats = (operation.parameters ?? []).find((p) => p.in === 'query' && p.name === 'format');
  const formats = (enumFormats?.schema?.enum as string[] | undefined) ?? [undefined];
  let succeeded = false;
  for (const format of formats) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const values = combos[attempt % combos.length]!;
      const record = method === 'GET' ? undefined : await recordOf(path, values);
      const headers: Record<string, string> = hasIfMatch ? { 'if-match': `"${record?.version ?? 1}"` } : {};
      const url = withQuery(
        fill(path, values),
        requiredQuery(operation, seed + attempt),
        format ? `format=${format}` : '',
      );
      const res = await send(op, url, {
        caller: operation.security?.length === 0 ? undefined : 'owner',
        headers,
        ...(schema ? { body: sampleBody(schema, seed * 31 + attempt, record) } : {}),
      });
      if (res.status < 300) {
        succeeded = true;
        break;
      }
    }
  }
  return succeeded;
};

/** Requests each operation must refuse, each answer checked against the description. */
const problems = async (method: string, path: string, operation: Operation, seed: number) => {
  const op = { method, path };
  const [values = {}] = await candidates(method, path, operation, seed);
  const url = withQuery(fill(path, values), requiredQuery(operation, seed));
  const permission = operation['x-permission'];
  const isPublic = operation.security?.length === 0;
  const schema = operation.requestBody?.content['application/json']?.schema;
  const hasIfMatch = (operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'If-Match');
  const caller = isPublic ? undefined : 'owner';
  if (!isPublic) {
    await send(op, url);
    const lacking = ROLES.find((role) => permission && !can(role, permission as never));
    if (lacking) await send(op, url, { caller: lacking, ...(schema ? { body: {} } : {}) });
  }
  const params = pathParams(operation);
  if (params.length) {
    await send(op, fill(path, {}), {
      caller,
      ...(schema ? { body: sampleBody(schema, seed) } : {}),
      headers: { 'if-match': '"1"' },
    });
    await send(op, path.replace(/\{\w+\}/, 'not%20an%20id'), { caller, headers: { 'if-match': '"1"' } });
  }
  await send(op, withQuery(url, 'unknown=1'), {
    caller,
    headers: { 'if-match': '"1"' },
    ...(schema ? { body: sampleBody(schema, seed) } : {}),
  });
  if (schema) {
    await send(op, url, { caller, body: { unexpected: true }, headers: { 'if-match': '"1"' } });
    await send(op, url, { caller, raw: '{', headers: { 'if-match': '"1"' } });
    await send(op, url, {
      caller,
      raw: 'name=x',
      headers: { 'content-type': 'text/plain', 'if-match': '"1"' },
    });
  }
  if (hasIfMatch) {
    await send(op, url, { caller, ...(schema ? { body: sampleBody(schema, seed) } : {}) });
    await send(op, url, {
      caller,
      ...(schema ? { body: sampleBody(schema, seed) } : {}),
      headers: { 'if-match': '"999999"' },
    });
    await send(op, url, {
      caller,
      ...(schema ? { body: sampleBody(schema, seed) } : {}),
      headers: { 'if-match': 'three' },
    });
  }
  await send(op, url, { caller, headers: { 'x-oversized': 'h'.repeat(20 * 1024) } });
};

/** A throwaway account for the user commands and activation, invited through the API. */
const invite = async (email: string, role: Role = 'viewer') => {
  const op = { method: 'POST', path: '/api/users' };
  const invited = await send(op, '/api/users', { caller: 'owner', body: { email, role } });
  expect(invited.status, invited.text).toBe(201);
  // A second invitation of the same address is refused.
  await send(op, '/api/users', { caller: 'owner', body: { email, role } });
  return String(invited.body!.id);
};

const setTemporaryPassword = (id: string, password: string) =>
  cognito().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: cloud.pool.userPoolId,
      Username: id,
      Password: password,
      Permanent: false,
    }),
  );

/**
 * Workflow runs and tasks: a published workflow with a task step run by hand (its run, step history,
 * figures and re-run; the task it made, read and completed), and a slow one's run cancelled.
 */
const workflowRunCases = async () => {
  const step = (id: string, rest: Json) => ({ id, name: id, position: { x: 0, y: 0 }, ...rest });
  const publishNew = async (name: string, steps: Json[]) => {
    const drafted = await send({ method: 'POST', path: '/api/workflows' }, '/api/workflows', {
      caller: 'manager',
      body: { name, definition: { trigger: { kind: 'manual' }, start: steps[0]!.id, steps } },
    });
    expect(drafted.status, drafted.text).toBe(201);
    const published = await send(
      { method: 'POST', path: '/api/workflows/{id}/publish' },
      `/api/workflows/${drafted.body!.id}/publish`,
      { caller: 'manager', body: { permissions: [] }, headers: ifMatch(drafted.body!) },
    );
    expect(published.status, published.text).toBe(200);
    return String(drafted.body!.id);
  };
  const quiet = async () => {
    for (let i = 0; i < 3; i++) {
      await cloud.settle();
      await cloud.stepFunctions.idle();
    }
    await cloud.settle();
  };
  const runOp = { method: 'POST', path: '/api/workflows/{id}/runs' };
  const tasked = await publishNew('Conformance runs', [
    step('follow-up', { kind: 'task', role: 'manager', title: 'Call {{$.trigger.data.name}}', dueInDays: 1 }),
  ]);
  const ran = await send(runOp, `/api/workflows/${tasked}/runs`, {
    caller: 'manager',
    body: { input: { name: 'Conformance' } },
  });
  expect(ran.status, ran.text).toBe(201);
  await quiet();
  const runId = String(ran.body!.id);
  for (const [path, url] of [
    ['/api/workflows/{id}/runs', `/api/workflows/${tasked}/runs?status=succeeded`],
    ['/api/workflows/{id}/stats', `/api/workflows/${tasked}/stats?days=7`],
    ['/api/workflow-runs/{id}', `/api/workflow-runs/${runId}`],
    ['/api/tasks', '/api/tasks?status=open'],
  ] as const)
    expect((await send({ method: 'GET', path }, url, { caller: 'manager' })).status, url).toBe(200);
  const rerunOp = { method: 'POST', path: '/api/workflow-runs/{id}/rerun' };
  expect((await send(rerunOp, `/api/workflow-runs/${runId}/rerun`, { caller: 'manager' })).status).toBe(201);
  await quiet();
  const tasks = await send({ method: 'GET', path: '/api/tasks' }, '/api/tasks?status=open', {
    caller: 'manager',
  });
  const taskId = String(tasks.body!.items![0]!.id);
  const getTaskOp = { method: 'GET', path: '/api/tasks/{id}' };
  expect((await send(getTaskOp, `/api/tasks/${taskId}`, { caller: 'manager' })).status).toBe(200);
  const completeOp = { method: 'POST', path: '/api/tasks/{id}/complete' };
  const done = await send(completeOp, `/api/tasks/${taskId}/complete`, {
    caller: 'manager',
    body: { note: 'Called' },
  });
  expect(done.status, done.text).toBe(200);
  const slow = await publishNew('Conformance slow', [
    step('pause', { kind: 'wait', for: { amount: 1, unit: 'hours' } }),
  ]);
  const slowRun = await send(runOp, `/api/workflows/${slow}/runs`, {
    caller: 'manager',
    body: { input: {} },
  });
  expect(slowRun.status, slowRun.text).toBe(201);
  const cancelOp = { method: 'POST', path: '/api/workflow-runs/{id}/cancel' };
  const cancelled = await send(cancelOp, `/api/workflow-runs/${slowRun.body!.id}/cancel`, {
    caller: 'manager',
  });
  expect(cancelled.status, cancelled.text).toBe(200);
  // Another slow run left running, for the generated cases to cancel.
  await send(runOp, `/api/workflows/${slow}/runs`, { caller: 'manager', body: { input: {} } });
};

/** Sign-in, refresh and activation: their success and each of their refusals (401, 403, 423, 429, 409). */
const authCases = async () => {
  const signInOp = { method: 'POST', path: '/api/auth/sign-in' };
  const tokensOf = await send(signInOp, signInOp.path, {
    body: { email: 'owner@firefly.example', password: DEFAULT_DEMO_PASSWORD },
  });
  expect(tokensOf.status).toBe(200);
  const wrong = (email: string, ip: string) =>
    send(signInOp, signInOp.path, {
      body: { email, password: 'not-the-password' },
      headers: { 'x-forwarded-for': ip },
    });
  expect((await wrong('viewer@firefly.example', '198.51.100.1')).status).toBe(401);
  // Five failures lock an account (423); twenty from one address pause it (429).
  const locked = [];
  for (let i = 0; i < 5; i++) locked.push((await wrong('locked.out@example.com', '198.51.100.2')).status);
  expect(locked.at(-1)).toBe(423);
  const paused = [];
  for (let i = 0; i < 21; i++) paused.push((await wrong(`nobody${i}@example.com`, '198.51.100.3')).status);
  expect(paused.at(-1)).toBe(429);

  const refreshOp = { method: 'POST', path: '/api/auth/refresh' };
  expect(
    (await send(refreshOp, refreshOp.path, { body: { refreshToken: tokensOf.body!.refreshToken } })).status,
  ).toBe(200);
  expect((await send(refreshOp, refreshOp.path, { body: { refreshToken: 'not-a-token' } })).status).toBe(401);

  const activateOp = { method: 'POST', path: '/api/users/activate' };
  const id = await invite('new.hire@example.com', 'analyst');
  await setTemporaryPassword(id, 'Temp-passw0rd-123!');
  // Signing in with the invitation's password asks for activation first.
  const early = await send(signInOp, signInOp.path, {
    body: { email: 'new.hire@example.com', password: 'Temp-passw0rd-123!' },
    headers: { 'x-forwarded-for': '198.51.100.4' },
  });
  expect(early.status).toBe(403);
  const activation = {
    email: 'new.hire@example.com',
    temporaryPassword: 'Temp-passw0rd-123!',
    newPassword: 'Brand-new-passw0rd!',
  };
  expect((await send(activateOp, activateOp.path, { body: activation })).status).toBe(200);
  // Once active, the account has no temporary password left to trade in.
  const again = { ...activation, temporaryPassword: activation.newPassword };
  expect((await send(activateOp, activateOp.path, { body: again })).status).toBe(409);
  await send(activateOp, activateOp.path, {
    body: { ...activation, temporaryPassword: 'Wrong-passw0rd-123!' },
    headers: { 'x-forwarded-for': '198.51.100.5' },
  });
};

/**
 * The notification centre: inviting someone straight into the admin role is a security event, which
 * notifies the owner; their list then has a notification to mark read, one at a time and all at once.
 */
const notificationCases = async () => {
  await invite('straight.to.admin@example.com', 'admin');
  await cloud.settle();
  const listOp = { method: 'GET', path: '/api/notifications' };
  const inbox = await send(listOp, listOp.path, { caller: 'owner' });
  const [first] = inbox.body?.items ?? [];
  expect(first, inbox.text).toBeDefined();
  const readOp = { method: 'POST', path: '/api/notifications/{id}/read' };
  expect((await send(readOp, `/api/notifications/${first!.id}/read`, { caller: 'owner' })).status).toBe(200);
  // Not theirs: as unknown to another person as a notification that does not exist.
  expect((await send(readOp, `/api/notifications/${first!.id}/read`, { caller: 'viewer' })).status).toBe(404);
  const allOp = { method: 'POST', path: '/api/notifications/read-all' };
  expect((await send(allOp, allOp.path, { caller: 'admin' })).status).toBe(200);
};

/**
 * Monitoring: with s3rver stopped, three runs of the minutely check fire the backups bucket's alert,
 * which can then be acknowledged; a silence with a valid end is set and lifted. Deep health answers
 * while a dependency is down too.
 */
const monitoringCases = async () => {
  const rule = 'health-bucket-backups';
  await cloud.services.s3.stop();
  try {
    const healthOp = { method: 'GET', path: '/api/health/deep' };
    expect((await send(healthOp, healthOp.path, { caller: 'owner' })).status).toBe(200);
    for (let i = 0; i < 3; i++) await cloud.scheduler.runNow('monitoring-check');
  } finally {
    await cloud.services.s3.start();
  }
  const ackOp = { method: 'POST', path: '/api/monitoring/alerts/{id}/acknowledge' };
  const ack = await send(ackOp, `/api/monitoring/alerts/${rule}/acknowledge`, { caller: 'owner', body: {} });
  expect(ack.status, ack.text).toBe(200);
  const silenceOp = { method: 'POST', path: '/api/monitoring/alerts/{id}/silence' };
  const until = new Date(Date.now() + 3_600_000).toISOString();
  const silenced = await send(silenceOp, `/api/monitoring/alerts/${rule}/silence`, {
    caller: 'owner',
    body: { until, note: 'Planned S3 maintenance' },
  });
  expect(silenced.status, silenced.text).toBe(200);
  const unsilenceOp = { method: 'POST', path: '/api/monitoring/alerts/{id}/unsilence' };
  const lifted = await send(unsilenceOp, `/api/monitoring/alerts/${rule}/unsilence`, { caller: 'owner' });
  expect(lifted.status, lifted.text).toBe(200);

  // Metrics, resources, logs and traces, once the collector has written what the calls above made.
  cloud.telemetry.flush();
  const telemetryCalls: [string, string][] = [
    ['/api/monitoring/metrics/catalog', '/api/monitoring/metrics/catalog'],
    ['/api/monitoring/metrics', '/api/monitoring/metrics?metric=api.latency&step=5m'],
    ['/api/monitoring/metrics', '/api/monitoring/metrics?metric=api.5xxRate'],
    ['/api/monitoring/resources', '/api/monitoring/resources'],
    ['/api/monitoring/logs', '/api/monitoring/logs?level=INFO&limit=5'],
  ];
  for (const [path, url] of telemetryCalls) {
    const res = await send({ method: 'GET', path }, url, { caller: 'owner' });
    expect(res.status, `${url}: ${res.text}`).toBe(200);
  }
  const logs = await send(
    { method: 'GET', path: '/api/monitoring/logs' },
    '/api/monitoring/logs?function=api-gateway',
    {
      caller: 'owner',
    },
  );
  const correlationId = (logs.body?.items as { correlationId?: string }[] | undefined)?.find(
    (r) => r.correlationId,
  )?.correlationId;
  expect(correlationId, logs.text).toBeDefined();
  const traceOp = { method: 'GET', path: '/api/monitoring/traces/{correlationId}' };
  const trace = await send(traceOp, `/api/monitoring/traces/${encodeURIComponent(correlationId!)}`, {
    caller: 'owner',
  });
  expect(trace.status, trace.text).toBe(200);
  // Uptime: a run of the synthetic checks, then the SLO's target and a rule's settings (both If-Match).
  await cloud.scheduler.runNow('uptime-check');
  const sloOp = { method: 'PUT', path: '/api/monitoring/slo' };
  const slo = await send({ method: 'GET', path: sloOp.path }, sloOp.path, { caller: 'owner' });
  const target = await send(sloOp, sloOp.path, {
    caller: 'owner',
    body: { target: 0.995 },
    headers: { 'if-match': `"${(slo.body as Json).version}"` },
  });
  expect(target.status, target.text).toBe(200);
  const settingsOp = { method: 'PUT', path: '/api/monitoring/alerts/{id}/settings' };
  const settings = await send(settingsOp, `/api/monitoring/alerts/${rule}/settings`, {
    caller: 'owner',
    body: {
      condition: { kind: 'above', threshold: 1 },
      policy: { fire: { m: 2, n: 4 }, recover: { m: 3, n: 3 } },
      channels: { console: true, email: true },
    },
    headers: { 'if-match': `"${(lifted.body as Json).version}"` },
  });
  expect(settings.status, settings.text).toBe(200);
};

/**
 * Workflows: one drafted and published (a definition of set, condition and wait steps, which runs without
 * the step function), its versions and its version's ASL, paused, resumed, edited and archived.
 */
/** The report builder: a preview, a report saved from a template, edited, run, archived. */
const reportCases = async () => {
  const definition = {
    dataset: 'leads',
    rows: [{ field: 'channel' }],
    values: [{ agg: 'count', as: 'leads' }],
  };
  const queryOp = { method: 'POST', path: '/api/reports/query' };
  const preview = await send(queryOp, queryOp.path, { caller: 'viewer', body: { definition, pageSize: 2 } });
  expect(preview.status, preview.text).toBe(200);
  const drillOp = { method: 'POST', path: '/api/reports/drill' };
  const drilled = await send(drillOp, drillOp.path, {
    caller: 'viewer',
    body: { definition, point: { channel: 'web' }, value: 'leads', pageSize: 2 },
  });
  expect(drilled.status, drilled.text).toBe(200);
  const createOp = { method: 'POST', path: '/api/reports/saved' };
  const made = await send(createOp, createOp.path, {
    caller: 'analyst',
    body: { name: 'Conformance report', templateId: 'lead-funnel' },
  });
  expect(made.status, made.text).toBe(201);
  const id = String(made.body!.id);
  const resultsOp = { method: 'GET', path: '/api/reports/saved/{id}/results' };
  // Its owner reads it (a saved report is seen by its owner, its shares and owners and admins only).
  expect((await send(resultsOp, `/api/reports/saved/${id}/results`, { caller: 'analyst' })).status).toBe(200);
  expect(
    (await send(resultsOp, `/api/reports/saved/${id}/results?format=csv`, { caller: 'analyst' })).status,
  ).toBe(200);
  const editOp = { method: 'PUT', path: '/api/reports/saved/{id}' };
  const edited = await send(editOp, `/api/reports/saved/${id}`, {
    caller: 'analyst',
    body: { name: 'Conformance report, edited', definition },
    headers: ifMatch(made.body!),
  });
  expect(edited.status, edited.text).toBe(200);
  const archiveOp = { method: 'POST', path: '/api/reports/saved/{id}/archive' };
  const archived = await send(archiveOp, `/api/reports/saved/${id}/archive`, {
    caller: 'analyst',
    headers: ifMatch(edited.body!),
  });
  expect(archived.status, archived.text).toBe(200);
  // Another, left active, for the generated cases to work on: scheduled, run, shared and linked.
  const two = await send(createOp, createOp.path, {
    caller: 'owner',
    body: { name: 'Conformance two', definition },
  });
  const twoId = String(two.body!.id);
  const scheduleOp = { method: 'PUT', path: '/api/reports/saved/{id}/schedule' };
  const schedule = {
    cron: 'cron(0 8 ? * MON *)',
    timezone: 'Europe/London',
    formats: ['csv', 'xlsx'],
    recipients: [{ kind: 'email', address: 'owner@firefly.example', mode: 'link' }],
  };
  const scheduled = await send(scheduleOp, `/api/reports/saved/${twoId}/schedule`, {
    caller: 'owner',
    body: { schedule },
    headers: ifMatch(two.body!),
  });
  expect(scheduled.status, scheduled.text).toBe(200);
  const unscheduleOp = { method: 'DELETE', path: '/api/reports/saved/{id}/schedule' };
  const unscheduled = await send(unscheduleOp, `/api/reports/saved/${twoId}/schedule`, {
    caller: 'owner',
    headers: ifMatch(scheduled.body!),
  });
  expect(unscheduled.status, unscheduled.text).toBe(200);
  const runOp = { method: 'POST', path: '/api/reports/saved/{id}/run' };
  const run = await send(runOp, `/api/reports/saved/${twoId}/run`, { caller: 'owner' });
  expect(run.status, run.text).toBe(202);
  const runsOp = { method: 'GET', path: '/api/reports/saved/{id}/runs' };
  for (let i = 0; i < 100; i++) {
    const runs = await send(runsOp, `/api/reports/saved/${twoId}/runs`, { caller: 'owner' });
    expect(runs.status, runs.text).toBe(200);
    if ((runs.body!.items as Json[]).some((r) => r.status !== 'running')) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const shareOp = { method: 'POST', path: '/api/reports/saved/{id}/shares' };
  const shared = await send(shareOp, `/api/reports/saved/${twoId}/shares`, {
    caller: 'owner',
    body: { grantee: { kind: 'role', role: 'analyst' }, access: 'view' },
    headers: ifMatch(unscheduled.body!),
  });
  expect(shared.status, shared.text).toBe(200);
  const shareId = String((shared.body!.shares as Json[])[0]!.shareId);
  const unshareOp = { method: 'DELETE', path: '/api/reports/saved/{id}/shares/{shareId}' };
  const unshared = await send(unshareOp, `/api/reports/saved/${twoId}/shares/${shareId}`, {
    caller: 'owner',
    headers: ifMatch(shared.body!),
  });
  expect(unshared.status, unshared.text).toBe(200);
  const linkOp = { method: 'POST', path: '/api/reports/saved/{id}/links' };
  const link = await send(linkOp, `/api/reports/saved/${twoId}/links`, {
    caller: 'owner',
    body: { expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    headers: ifMatch(unshared.body!),
  });
  expect(link.status, link.text).toBe(201);
  const openOp = { method: 'GET', path: '/api/shared/{token}' };
  const opened = await send(openOp, `/api/shared/${String(link.body!.token)}`);
  expect(opened.status, opened.text).toBe(200);
  const viewsOp = { method: 'GET', path: '/api/reports/saved/{id}/links/views' };
  const views = await send(viewsOp, `/api/reports/saved/${twoId}/links/views`, { caller: 'owner' });
  expect(views.status, views.text).toBe(200);
  const revokeOp = { method: 'POST', path: '/api/reports/saved/{id}/links/{linkId}/revoke' };
  const revoked = await send(
    revokeOp,
    `/api/reports/saved/${twoId}/links/${String(link.body!.linkId)}/revoke`,
    {
      caller: 'owner',
      headers: { 'if-match': `"${link.body!.version}"` },
    },
  );
  expect(revoked.status, revoked.text).toBe(200);
};

/** Dashboards: one made of a template and a saved report, a tile run with a shared filter, edited, archived. */
const dashboardCases = async () => {
  const report = await send({ method: 'POST', path: '/api/reports/saved' }, '/api/reports/saved', {
    caller: 'analyst',
    body: { name: 'Conformance tile', templateId: 'lead-conversion-by-channel' },
  });
  const tiles = [
    { tileId: 'sales', source: { kind: 'template', templateId: 'sales-by-month' }, width: 2 },
    { tileId: 'leads', source: { kind: 'report', reportId: String(report.body!.id) }, title: 'Leads' },
  ];
  const filters = [{ kind: 'date', range: { op: 'in_last', amount: 6, unit: 'month' } }];
  const createOp = { method: 'POST', path: '/api/dashboards' };
  const made = await send(createOp, createOp.path, {
    caller: 'analyst',
    body: { name: 'Conformance dashboard', tiles, filters },
  });
  expect(made.status, made.text).toBe(201);
  const id = String(made.body!.id);
  const listOp = { method: 'GET', path: '/api/dashboards' };
  expect((await send(listOp, '/api/dashboards?status=active', { caller: 'viewer' })).status).toBe(200);
  const getOp = { method: 'GET', path: '/api/dashboards/{id}' };
  expect((await send(getOp, `/api/dashboards/${id}`, { caller: 'viewer' })).status).toBe(200);
  expect((await send(getOp, '/api/dashboards/overview', { caller: 'viewer' })).status).toBe(200);
  const tileOp = { method: 'POST', path: '/api/dashboards/{id}/tiles/{tileId}/results' };
  for (const tileId of ['sales', 'leads']) {
    // The saved report is the analyst's own: to others who it isn't shared with its tile is a 404.
    const ran = await send(tileOp, `/api/dashboards/${id}/tiles/${tileId}/results`, {
      caller: 'analyst',
      body: {
        filters: [...filters, { kind: 'equals', field: 'channel', values: ['web_form'] }],
        pageSize: 5,
      },
    });
    expect(ran.status, ran.text).toBe(200);
  }
  const editOp = { method: 'PUT', path: '/api/dashboards/{id}' };
  const edited = await send(editOp, `/api/dashboards/${id}`, {
    caller: 'analyst',
    body: { name: 'Conformance dashboard, edited', tiles: [...tiles].reverse(), filters: [] },
    headers: ifMatch(made.body!),
  });
  expect(edited.status, edited.text).toBe(200);
  const eventsOp = { method: 'GET', path: '/api/dashboards/{id}/events' };
  expect((await send(eventsOp, `/api/dashboards/${id}/events`, { caller: 'analyst' })).status).toBe(200);
  const archiveOp = { method: 'POST', path: '/api/dashboards/{id}/archive' };
  const archived = await send(archiveOp, `/api/dashboards/${id}/archive`, {
    caller: 'analyst',
    headers: ifMatch(edited.body!),
  });
  expect(archived.status, archived.text).toBe(200);
  // Another, left active, for the generated cases to work on.
  await send(createOp, createOp.path, { caller: 'owner', body: { name: 'Conformance two', tiles } });
};

const workflowCases = async () => {
  const step = (id: string, rest: Json) => ({ id, name: id, position: { x: 0, y: 0 }, ...rest });
  const definition = {
    trigger: { kind: 'manual' },
    start: 'check',
    steps: [
      step('check', {
        kind: 'condition',
        when: { field: '$.trigger.data.n', op: 'greaterThan', value: 1 },
        ifTrue: 'pause',
      }),
      step('pause', { kind: 'wait', for: { amount: 1, unit: 'minutes' }, next: 'mark' }),
      step('mark', { kind: 'set', vars: { big: { value: true } } }),
    ],
  };
  const createOp = { method: 'POST', path: '/api/workflows' };
  const drafted = await send(createOp, createOp.path, {
    caller: 'manager',
    body: { name: 'Conformance', definition },
  });
  expect(drafted.status, drafted.text).toBe(201);
  const id = String(drafted.body!.id);
  const validateOp = { method: 'POST', path: '/api/workflows/validate' };
  expect((await send(validateOp, validateOp.path, { caller: 'manager', body: { definition } })).status).toBe(
    200,
  );
  const publishOp = { method: 'POST', path: '/api/workflows/{id}/publish' };
  const published = await send(publishOp, `/api/workflows/${id}/publish`, {
    caller: 'manager',
    body: { permissions: ['orders:write'] },
    headers: ifMatch(drafted.body!),
  });
  expect(published.status, published.text).toBe(200);
  const versionOp = { method: 'GET', path: '/api/workflows/{id}/versions/{version}' };
  expect((await send(versionOp, `/api/workflows/${id}/versions/1`, { caller: 'viewer' })).status).toBe(200);
  const pauseOp = { method: 'POST', path: '/api/workflows/{id}/pause' };
  const paused = await send(pauseOp, `/api/workflows/${id}/pause`, {
    caller: 'manager',
    body: { reason: 'Conformance' },
    headers: ifMatch(published.body!),
  });
  expect(paused.status, paused.text).toBe(200);
  const resumeOp = { method: 'POST', path: '/api/workflows/{id}/resume' };
  const resumed = await send(resumeOp, `/api/workflows/${id}/resume`, {
    caller: 'manager',
    headers: ifMatch(paused.body!),
  });
  expect(resumed.status, resumed.text).toBe(200);
  const editOp = { method: 'PUT', path: '/api/workflows/{id}' };
  const edited = await send(editOp, `/api/workflows/${id}`, {
    caller: 'manager',
    body: { name: 'Conformance, edited', definition },
    headers: ifMatch(resumed.body!),
  });
  expect(edited.status, edited.text).toBe(200);
  const archiveOp = { method: 'POST', path: '/api/workflows/{id}/archive' };
  const archived = await send(archiveOp, `/api/workflows/${id}/archive`, {
    caller: 'manager',
    headers: ifMatch(edited.body!),
  });
  expect(archived.status, archived.text).toBe(200);
  // Another, drafted and left active, for the generated cases to work on.
  const other = await send(createOp, createOp.path, {
    caller: 'manager',
    body: { name: 'Conformance two', definition },
  });
  await send(publishOp, `/api/workflows/${other.body!.id}/publish`, {
    caller: 'manager',
    body: {},
    headers: ifMatch(other.body!),
  });
  // A test run of a draft: its own state machine, run as version 0.
  const testOp = { method: 'POST', path: '/api/workflows/{id}/test-runs' };
  const tested = await send(testOp, `/api/workflows/${other.body!.id}/test-runs`, {
    caller: 'manager',
    body: { input: { n: 2 } },
  });
  expect(tested.status, tested.text).toBe(201);
  // Templates: the gallery, one drafted by its id alone, and the reorder its low-stock template runs.
  const templatesOp = { method: 'GET', path: '/api/workflows/templates' };
  expect((await send(templatesOp, templatesOp.path, { caller: 'viewer' })).status).toBe(200);
  const fromTemplate = await send(createOp, createOp.path, {
    caller: 'manager',
    body: { templateId: 'low-stock-reorder' },
  });
  expect(fromTemplate.status, fromTemplate.text).toBe(201);
  const reorderOp = { method: 'POST', path: '/api/items/{id}/reorder' };
  // An item of its own: the walk's other cases order the shared part, and an item on order is refused.
  const fresh = await item(owner(), { onHand: 1, supplierId: reorderSupplier });
  const reordered = await send(reorderOp, `/api/items/${fresh.id}/reorder`, {
    caller: 'manager',
    body: {},
  });
  expect(reordered.status, reordered.text).toBe(201);
};

/** MFA: enrolment with the caller's own access token, the sign-in challenge and its refusal, an admin's reset. */
const mfaCases = async () => {
  const email = 'analyst@firefly.example';
  const signInOp = { method: 'POST', path: '/api/auth/sign-in' };
  const first = await send(signInOp, signInOp.path, {
    body: { email, password: DEFAULT_DEMO_PASSWORD },
    headers: { 'x-forwarded-for': '198.51.100.21' },
  });
  expect(first.status, first.text).toBe(200);
  const tokensOf = first.body as { idToken: string; accessToken: string };
  tokens.set('mfa-user', tokensOf.idToken);
  const setup = await send({ method: 'POST', path: '/api/me/mfa/setup' }, '/api/me/mfa/setup', {
    caller: 'mfa-user',
    body: { accessToken: tokensOf.accessToken },
  });
  expect(setup.status, setup.text).toBe(200);
  const secret = String(setup.body!.secret);
  const confirmOp = { method: 'POST', path: '/api/me/mfa/confirm' };
  const confirmed = await send(confirmOp, confirmOp.path, {
    caller: 'mfa-user',
    body: { accessToken: tokensOf.accessToken, code: generateSync({ secret }) },
  });
  expect(confirmed.status, confirmed.text).toBe(200);
  await send({ method: 'GET', path: '/api/me/mfa' }, '/api/me/mfa', { caller: 'mfa-user' });
  const challenged = await send(signInOp, signInOp.path, {
    body: { email, password: DEFAULT_DEMO_PASSWORD },
    headers: { 'x-forwarded-for': '198.51.100.21' },
  });
  const answerOp = { method: 'POST', path: '/api/auth/sign-in/mfa' };
  const session = String(challenged.body!.session);
  const wrong = String((Number(generateSync({ secret })) + 500_001) % 1_000_000).padStart(6, '0');
  await send(answerOp, answerOp.path, {
    body: { email, session, code: wrong },
    headers: { 'x-forwarded-for': '198.51.100.21' },
  });
  const answered = await send(answerOp, answerOp.path, {
    body: { email, session, code: generateSync({ secret }) },
    headers: { 'x-forwarded-for': '198.51.100.21' },
  });
  expect(answered.status, answered.text).toBe(200);
  const users = await owner().get('/api/users');
  const id = String((users.body.items ?? []).find((u) => u.email === email)!.id);
  const resetOp = { method: 'POST', path: '/api/users/{id}/mfa/reset' };
  const reset = await send(resetOp, `/api/users/${encodeURIComponent(id)}/mfa/reset`, {
    caller: 'owner',
    body: { reason: 'Conformance test: a new phone' },
  });
  expect(reset.status, reset.text).toBe(200);
};

/**
 * The integration hub: connecting the payments sandbox (the provider registers the webhook endpoint),
 * a card checkout, and signed deliveries to the public webhook route with each of its refusals.
 */
const integrationCases = async () => {
  const connect = { method: 'POST', path: '/api/integrations' };
  const payments = await send(connect, connect.path, {
    caller: 'owner',
    body: {
      template: 'stripe-payments',
      name: 'Sandbox payments',
      baseUrl: cloud.sandboxes.payments.url,
      apiKey: cloud.sandboxes.payments.apiKey,
    },
  });
  expect(payments.status, payments.text).toBe(201);
  const home = await model(owner());
  const buyer = await customer(owner());
  const order = created(await owner().post('/api/orders', { customerId: buyer.id, modelId: home.id }));
  const checkout = { method: 'POST', path: '/api/integrations/{id}/checkouts' };
  const opened = await send(checkout, `/api/integrations/${payments.body!.id}/checkouts`, {
    caller: 'owner',
    body: { orderId: order.id },
  });
  expect(opened.status, opened.text).toBe(201);

  const secret = `whsec_${Buffer.from('conformance-secret-of-32-bytes!!').toString('base64')}`;
  const generic = await send(connect, connect.path, {
    caller: 'owner',
    body: { template: 'standard-webhooks', name: 'Generic sender', signingSecret: secret },
  });
  expect(generic.status, generic.text).toBe(201);
  const deliver = { method: 'POST', path: '/webhooks/{integrationId}' };
  const url = `/webhooks/${generic.body!.id}`;
  const signed = (id: string, body: string, at = new Date()) => ({
    raw: body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
  });
  const event = (id: string, n = 1) =>
    JSON.stringify({
      id,
      type: 'thing.happened',
      created: Math.floor(Date.now() / 1000),
      data: { object: { n } },
    });
  const body = event('msg_conformance');
  expect((await send(deliver, url, signed('msg_conformance', body))).status).toBe(200);
  await send(deliver, url, signed('msg_conformance', body));
  await send(deliver, url, signed('msg_conformance', event('msg_conformance', 2)));
  await send(deliver, url, signed('msg_stale', event('msg_stale'), new Date(Date.now() - 3_600_000)));
  await send(deliver, url, { raw: body, headers: { 'webhook-id': 'x' } });
  await send(deliver, url, signed('msg_unreadable', '{'));
  await send(deliver, '/webhooks/01JZZZZZZZZZZZZZZZZZZZZZZZ', signed('msg_1', body));
  const current = await owner().get(`/api/integrations/${generic.body!.id}`);
  created(
    await owner().post(
      `/api/integrations/${generic.body!.id}/disable`,
      { reason: 'Retired' },
      ifMatch(current.body),
    ),
    200,
  );
  await send(deliver, url, signed('msg_after', event('msg_after')));

  // An outbound endpoint on the receiver sandbox, failing for now, and a delivery to it (a customer
  // registered) that a person retries by hand.
  cloud.sandboxes.receiver.configure('conformance', { fail: 1_000, failWith: 500 });
  const endpointOp = { method: 'POST', path: '/api/webhook-endpoints' };
  const endpoint = await send(endpointOp, endpointOp.path, {
    caller: 'owner',
    body: {
      url: `${cloud.sandboxes.receiver.url}/conformance`,
      description: 'Conformance receiver',
      eventTypes: ['CustomerRegistered'],
    },
  });
  expect(endpoint.status, endpoint.text).toBe(201);
  // Endpoints are matched from their read model: an event committed before the endpoint's row is
  // projected is not sent to it (a replay sends it), so the row is let land first.
  await cloud.settle();
  await customer(owner());
  await cloud.settle();
  // The delivery's row is projected moments after its first attempts: wait for it (at most 20 s).
  let pending = await owner().get(`/api/webhook-endpoints/${endpoint.body!.id}/deliveries`);
  for (let i = 0; i < 100 && !pending.body.items?.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    pending = await owner().get(`/api/webhook-endpoints/${endpoint.body!.id}/deliveries`);
  }
  expect(pending.body.items?.length, 'a delivery to the failing receiver').toBeGreaterThan(0);
  const retry = { method: 'POST', path: '/api/webhook-deliveries/{id}/retry' };
  for (const delivery of pending.body.items ?? [])
    await send(retry, `/api/webhook-deliveries/${encodeURIComponent(String(delivery.id))}/retry`, {
      caller: 'owner',
    });
  cloud.sandboxes.receiver.configure('conformance', { fail: 0 });
};

/** An item used 10 a week for 30 weeks (the last today) and never replenished: an insights run advises ordering it. */
const usedUpItem = async (itemId: string) => {
  const start = Date.now() - 30 * 7 * 86_400_000;
  const run = (command: ItemCommand, at: number) =>
    execute(itemDecider, aggregates.item.stream(itemId), command, {
      actor: SYSTEM_ACTOR,
      correlationId: `conformance-${itemId}-${at}`,
      at: new Date(at),
    });
  await run(
    {
      type: 'RegisterItem',
      itemId,
      sku: itemId.toUpperCase(),
      name: `Insights ${itemId}`,
      unit: 'bundle',
      unitCostCents: 1_000,
      reorderPoint: 5,
      reorderQuantity: 10,
      leadTimeDays: 14,
    },
    start,
  );
  await run({ type: 'ReceiveStock', quantity: 320, unitCostCents: 1_000 }, start + 1000);
  for (let week = 1; week <= 30; week++)
    await run({ type: 'ConsumeStock', buildId: `b${week}`, quantity: 10 }, start + week * 7 * 86_400_000);
};

/** Insights: a run, its reorder recommendations accepted, implemented and dismissed. */
const insightsCases = async () => {
  for (const n of [1, 2]) await usedUpItem(`conformance-insights-${n}`);
  await cloud.settle();
  const start = { method: 'POST', path: '/api/insights/runs' };
  const started = await send(start, start.path, { caller: 'manager', body: {} });
  expect(started.status, started.text).toBe(202);
  // This run's end, not every execution's: workflow runs the walk started may be waiting for days.
  for (let i = 0; i < 600; i++) {
    await cloud.settle();
    const run = await owner().get(`/api/insights/runs/${started.body!.id}`);
    if (run.body.status && run.body.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await cloud.settle();
  // The run wrote forecast series: list them now, so reading one by id has ids to use.
  expect((await list('/api/insights/forecasts'))?.length, 'forecast series').toBeGreaterThan(0);
  const proposed = await owner().get('/api/recommendations?status=proposed&category=inventory&limit=100');
  const [a, b] = (proposed.body.items ?? []).filter((r) =>
    String(r.key).startsWith('reorder:conformance-insights'),
  );
  expect(a && b, 'two reorder recommendations').toBeTruthy();
  const version = (r: Json | undefined) => ({ 'if-match': `"${r?.version}"` });
  const accept = { method: 'POST', path: '/api/recommendations/{id}/accept' };
  const accepted = await send(accept, `/api/recommendations/${a!.id}/accept`, {
    caller: 'manager',
    body: {},
    headers: version(a),
  });
  expect(accepted.status, accepted.text).toBe(200);
  const implement = { method: 'POST', path: '/api/recommendations/{id}/implement' };
  const done = await send(implement, `/api/recommendations/${a!.id}/implement`, {
    caller: 'manager',
    body: { link: { kind: 'purchaseOrder', id: 'PO-CONFORMANCE' } },
    headers: version(accepted.body),
  });
  expect(done.status, done.text).toBe(200);
  const dismiss = { method: 'POST', path: '/api/recommendations/{id}/dismiss' };
  const dismissed = await send(dismiss, `/api/recommendations/${b!.id}/dismiss`, {
    caller: 'manager',
    body: { reason: 'Ordered last week by phone' },
    headers: version(b),
  });
  expect(dismissed.status, dismissed.text).toBe(200);
};

/** Backups, verification, restores and drills: their conflicts (409) and missing backups (404). */
const backupCases = async () => {
  const drill = { method: 'POST', path: '/api/restore-drills' };
  // No backup yet: a drill has nothing to restore.
  await send(drill, drill.path, { caller: 'owner', body: {} });
  const start = { method: 'POST', path: '/api/backups' };
  const first = await send(start, start.path, { caller: 'owner', body: {} });
  expect(first.status, first.text).toBe(202);
  // One backup at a time.
  await send(start, start.path, { caller: 'owner', body: {} });
  const id = String(first.body!.id);
  for (let i = 0; i < 100; i++) {
    await cloud.settle();
    const run = await owner().get(`/api/backups/${id}`);
    if (run.body.status !== 'queued' && run.body.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const verify = { method: 'POST', path: '/api/backups/{id}/verify' };
  await send(verify, `/api/backups/${id}/verify`, { caller: 'owner' });
  await send(verify, `/api/backups/${id}/verify`, { caller: 'owner' });
  await cloud.settle();
  await send(drill, drill.path, { caller: 'owner', body: {} });
  await cloud.settle();
};

beforeAll(async () => {
  cloud = await startTestCloud();
  const history = await generateHistory({ seed: 'conformance', end: new Date(), years: 1, scale: 0.02 });
  await importHistory(history.commits);
  await rebuildViews();
  await backfillAuditLog();
  // The reports' analytics dataset, as the builder's first minute would leave it.
  await buildDataset({ full: true, now: new Date(Date.now() + 5_000) });
  for (const role of ROLES) tokens.set(role, (await signIn(cloud, role)).idToken);
  const api = owner();
  // Orders delivered this month whose value together passes what one order can be worth.
  const sup = await supplier(api);
  const part = await item(api, { onHand: 5, supplierId: String(sup.id) });
  reorderSupplier = String(sup.id);
  const mansion = await model(api, [{ itemId: String(part.id), quantity: 1 }], {
    basePriceCents: 6_000_000_000,
  });
  for (let i = 0; i < 2; i++) {
    const buyer = await customer(api);
    let order = created(await api.post('/api/orders', { customerId: buyer.id, modelId: mansion.id }));
    order = created(
      await api.post(`/api/orders/${order.id}/deposit`, { amountCents: 100_000 }, ifMatch(order)),
      200,
    );
    for (const step of ['start-build', 'complete-build', 'deliver'])
      order = created(await api.post(`/api/orders/${order.id}/${step}`, undefined, ifMatch(order)), 200);
  }
  // Orders paid and waiting for a build slot (the newest orders, which references try first).
  const home = await model(api, [{ itemId: String(part.id), quantity: 1 }]);
  for (let i = 0; i < 2; i++) await paidOrder(api, String(home.id));
  // And some built, ready to ship; the last ones already on their way (deliveries need a home in transit).
  const today = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < 6; i++) {
    let ready = await paidOrder(api, String(home.id));
    for (const step of ['start-build', 'complete-build'])
      ready = created(await api.post(`/api/orders/${ready.id}/${step}`, undefined, ifMatch(ready)), 200);
    if (i < 3) continue;
    const booked = created(
      await api.post('/api/shipments', {
        orderId: ready.id,
        carrier: 'Conformance Freight',
        destination: 'Bend, OR',
        scheduledFor: today,
      }),
    );
    created(
      await api.post(
        `/api/shipments/${ready.id}/dispatch`,
        { trackingRef: `CF-${i}`, on: today },
        ifMatch(booked),
      ),
      200,
    );
  }
  // Purchase orders large enough that any quantity received fits what is outstanding, each of eight
  // items, so a generated receipt's lines (which name the order's items in turn) name distinct items.
  const parts = [part];
  for (let i = 0; i < 7; i++) parts.push(await item(api, { onHand: 5, supplierId: String(sup.id) }));
  for (let i = 0; i < 3; i++) {
    const lines = parts.map((p) => ({ itemId: p.id, quantity: 1_000_000, unitCostCents: 100 }));
    created(await api.post('/api/purchase-orders', { supplierId: sup.id, lines }));
  }
  // Quotes whose large discount a manager asked for, waiting for someone else to approve it.
  const manager = apiAs(cloud, tokens.get('manager')!);
  const buyer = await customer(api);
  for (let i = 0; i < 3; i++) {
    const quote = created(await manager.post('/api/quotes', { customerId: buyer.id, modelId: home.id }));
    const discount = { discountCents: Math.floor(Number(quote.subtotalCents) / 6), reason: 'Price match' };
    created(await manager.post(`/api/quotes/${quote.id}/discount`, discount, ifMatch(quote)), 200);
  }
  await cloud.settle();
  document = (await request<OpenApiDocument>(cloud.url, 'GET', '/api/openapi.json')).body;
  check = conformance(document).check;
  arbs = new SchemaArbitraries(document.components?.schemas ?? {});
}, 300_000);
afterAll(() => cloud?.stop());

describe('the API and its OpenAPI description', () => {
  it('agree on every status, content type and body of every operation', async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(100);
    // Lists first (their ids feed the rest), then reads, then changes; the special flows in between.
    const rank = (op: (typeof operations)[number]) =>
      op.method === 'GET' ? (op.path.includes('{') ? 1 : 0) : op.path.includes('{') ? 3 : 2;
    const ordered = [...operations].sort((a, b) => rank(a) - rank(b));
    for (const op of ordered.filter((o) => rank(o) === 0)) await list(op.path);
    disposableUser = await invite('disposable@example.com');
    await authCases();
    await mfaCases();
    await workflowRunCases();
    await integrationCases();
    await backupCases();
    await notificationCases();
    await monitoringCases();
    await insightsCases();
    await workflowCases();
    await reportCases();
    await dashboardCases();
    for (const op of ordered) {
      const seed = SEED + seedOf(op);
      await problems(op.method, op.path, op.operation, seed);
      await succeed(op.method, op.path, op.operation, seed);
    }
    // Commands whose records all moved on meanwhile (every draft quote sent, every purchase order
    // received): create fresh records and try those commands again.
    const succeeded = (op: (typeof operations)[number]) =>
      [...(validated.get(`${op.method} ${op.path}`)?.keys() ?? [])].some((status) => status < 300);
    for (let pass = 1; pass <= 3; pass++) {
      const missing = ordered.filter((op) => rank(op) === 3 && !succeeded(op));
      for (const op of ordered)
        if (rank(op) === 2 && missing.some((m) => m.path.startsWith(`${op.path}/`)))
          await succeed(op.method, op.path, op.operation, SEED * pass + seedOf(op));
      for (const op of missing)
        await succeed(op.method, op.path, op.operation, SEED * (pass + 1) + seedOf(op));
    }
    // Sealing twice in a row: the second finds nothing new to seal, a 200 rather than a 201.
    const seal = { method: 'POST', path: '/api/audit/digests' };
    await cloud.settle();
    await send(seal, seal.path, { caller: 'owner' });
    await send(seal, seal.path, { caller: 'owner' });
    // Reads again, now that the changes above (backups, exports, digests, payments…) have settled.
    await cloud.settle();
    for (const op of ordered)
      if (op.method === 'GET') await succeed(op.method, op.path, op.operation, SEED + 7 * seedOf(op));
    const unsucceeded = operations.filter((op) => !succeeded(op)).map((op) => `${op.method} ${op.path}`);

    const responses = [...validated.values()].reduce(
      (n, statuses) => n + [...statuses.values()].reduce((a, b) => a + b, 0),
      0,
    );
    const pairs = [...validated.values()].reduce((n, statuses) => n + statuses.size, 0);
    console.log(
      `conformance: ${responses} responses to ${validated.size} of ${operations.length} operations validated ` +
        `(${pairs} operation-status pairs); no success case could be made for ${unsucceeded.length}` +
        unsucceeded.map((name) => `\n  ${name} (last: ${lastRefusal.get(name)})`).join(''),
    );
    const report = violations
      .map(
        (v) =>
          `${v.operation} → ${v.status}: ${v.issues.join('; ')}\n  request: ${v.request}\n  response: ${v.response}`,
      )
      .join('\n\n');
    expect(
      violations.length,
      `${violations.length} responses disagree with the description:\n\n${report}`,
    ).toBe(0);
    expect(validated.size).toBe(operations.length);
    expect(unsucceeded, 'operations without a success case').toEqual([]);
  }, 900_000);
});

/** Rules between two fields, which JSON Schema cannot state: the only refusals a described value may get. */
const CROSS_FIELD = [
  /"from" must not be after "to"/,
  /`from` must not be after `to`/,
  /toSeq must not be below fromSeq/,
  /Give a definition or a template, not both/,
  /Name the workflow, or give a template to take its name from/,
];

describe('the OpenAPI description', () => {
  it('is no looser than the validation: what a client generated from it sends is never refused as malformed', async () => {
    // Values from the description alone (no guessing emails from field names), as a generated client sends.
    const strict = new SchemaArbitraries(document.components?.schemas ?? {}, [], { guessFormats: false });
    const refused: string[] = [];
    let sent = 0;
    for (const [index, { method, path, operation }] of operationsOf(document).entries()) {
      const body = operation.requestBody?.content['application/json']?.schema;
      const header = (operation.parameters ?? []).filter((p) => p.in === 'header');
      // Cursors are opaque: only ones the API issued are valid, whatever their shape.
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query' && p.name !== 'cursor');
      if (!body && !header.length && !query.length) continue;
      const [values = {}] = await candidates(method, path, operation, SEED + index);
      for (let run = 0; run < 6; run++) {
        const seed = SEED * 3 + index * 10 + run;
        const pick = <T>(arbitrary: fc.Arbitrary<T>) => fc.sample(arbitrary, { seed, numRuns: 1 })[0]!;
        const headers: Record<string, string> = {};
        for (const p of header)
          if (p.required || run % 2)
            headers[p.name.toLowerCase()] = String(pick(strict.value(p.schema ?? {}, 0)));
        const parts = query
          .filter((p, i) => p.required || (run + i) % 2 === 0)
          .map((p) => `${p.name}=${encodeURIComponent(String(pick(strict.value(p.schema ?? {}, 0))))}`);
        const res = await send({ method, path }, withQuery(fill(path, values), ...parts), {
          caller: operation.security?.length === 0 ? undefined : 'owner',
          headers,
          ...(body ? { body: withReferences(pick(strict.value(body, 0)), seed, undefined) } : {}),
        });
        sent++;
        const messages = (res.body?.errors as { message: string }[] | undefined)?.map((e) => e.message) ?? [];
        if (
          res.status === 400 &&
          !(messages.length && messages.every((m) => CROSS_FIELD.some((rule) => rule.test(m))))
        )
          refused.push(
            `${method} ${path}: ${JSON.stringify(res.body?.errors ?? res.body?.detail)} (query ${parts.join('&')}, headers ${JSON.stringify(headers)})`,
          );
      }
    }
    console.log(
      `description vs validation: ${sent} requests generated from the description, ${refused.length} refused as malformed`,
    );
    expect(refused, refused.join('\n')).toEqual([]);
    expect(
      violations,
      violations.map((v) => `${v.operation} → ${v.status}: ${v.issues.join('; ')}`).join('\n'),
    ).toEqual([]);
  }, 600_000);
});
