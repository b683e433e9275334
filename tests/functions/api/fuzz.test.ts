import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES } from '../../../domain/access/permissions.ts';
import { apiAs, type Json, request, signIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import {
  describeRequest,
  type FuzzRequest,
  type OpenApiDocument,
  operationsOf,
  requestsFor,
  SchemaArbitraries,
} from '../../support/openapi-fuzz.ts';
import { customer, item, model, paidOrder, supplier } from './fixtures.ts';

/**
 * Property-based fuzzing of the whole API from its OpenAPI description: for every operation, requests
 * from every caller (each role, no token, a forged token) with generated path parameters (real ids,
 * odd strings, broken percent-encodings), query strings, headers (If-Match, Idempotency-Key, content
 * types, oversized) and bodies (valid, mutated, malformed). Every answer must hold to the API's
 * promises:
 *
 * - never a 5xx;
 * - every 4xx is an `application/problem+json` problem with `type`, `title` and `status`;
 * - no 2xx for a caller whose role lacks the operation's `x-permission` (or who has no valid token).
 *
 * Bounded and deterministic: a fixed seed and a fixed number of requests per operation. A failure
 * lists each offending request exactly as sent (the token named by its role), with the seed.
 */
// FUZZ_SEED and FUZZ_RUNS explore further by hand; npm test always runs the fixed defaults.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 64);

let cloud: TestCloud;
const tokens = new Map<string, string | undefined>();
const ids: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud();
  for (const role of ROLES) tokens.set(role, (await signIn(cloud, role)).idToken);
  tokens.set('none', undefined);
  tokens.set('forged', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
  // Records that exist, so that some generated requests reach the handlers' happy paths.
  const owner = apiAs(cloud, tokens.get('owner')!);
  const sup = await supplier(owner);
  const part = await item(owner, { onHand: 5, supplierId: String(sup.id) });
  const home = await model(owner, [{ itemId: String(part.id), quantity: 1 }]);
  const buyer = await customer(owner);
  const order = await paidOrder(owner, String(home.id));
  ids.push(...[sup, part, home, buyer, order].map((record) => String(record.id)), 'missing-id');
  // One record of every other kind the description lets us create, from generated valid bodies.
  const document = (await request<OpenApiDocument>(cloud.url, 'GET', '/api/openapi.json')).body;
  for (const [index, op] of operationsOf(document).entries()) {
    const schema = op.operation.requestBody?.content['application/json']?.schema;
    if (op.method !== 'POST' || op.path.includes('{') || !schema || op.operation.security?.length === 0)
      continue;
    if (/\/(users|backups|restores|restore-drills|exports)$/.test(op.path)) continue;
    const arbs = new SchemaArbitraries(document.components?.schemas ?? {}, [...ids]);
    for (const body of fc.sample(arbs.value(schema, 0), { seed: SEED + index, numRuns: 20 })) {
      const res = await owner.post<Json>(op.path, body);
      if (res.status < 300 && typeof res.body?.id === 'string') {
        ids.push(res.body.id);
        break;
      }
    }
  }
}, 120_000);
afterAll(() => cloud?.stop());

interface Violation {
  operation: string;
  status: number;
  why: string;
  request: string;
  response: string;
}

const send = async (req: FuzzRequest) => {
  const token = tokens.get(req.caller);
  const headers = { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${cloud.url}${req.path}`, { method: req.method, headers, body: req.body });
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, body };
};

/** What is wrong with an answer, or undefined when it keeps the API's promises. */
const judge = (
  permission: string | undefined,
  caller: string,
  { status, contentType, body }: Awaited<ReturnType<typeof send>>,
): string | undefined => {
  if (status >= 500) return 'a 5xx';
  if (status >= 400) {
    if (!/^application\/problem\+json\b/.test(contentType))
      return `a ${status} that is not application/problem+json`;
    const problem = body as Json | undefined;
    if (
      typeof problem !== 'object' ||
      problem === null ||
      typeof problem.type !== 'string' ||
      typeof problem.title !== 'string' ||
      problem.status !== status
    )
      return `a ${status} whose body is not a problem with type, title and status ${status}`;
    return undefined;
  }
  if (status >= 200 && status < 300 && permission !== undefined) {
    const allowed =
      permission === 'authenticated'
        ? (ROLES as readonly string[]).includes(caller)
        : (ROLES as readonly string[]).includes(caller) && can(caller, permission as never);
    if (!allowed) return `a ${status} for ${caller}, which lacks ${permission}`;
  }
  return undefined;
};

describe('the API under generated requests', () => {
  it('never answers 5xx, always answers 4xx with a problem, and never lets a role past its permissions', async () => {
    const started = Date.now();
    const document = (await request<OpenApiDocument>(cloud.url, 'GET', '/api/openapi.json')).body;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(100);
    const arbs = new SchemaArbitraries(document.components?.schemas ?? {}, ids);
    const callers = [...tokens.keys()];
    const violations: Violation[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    const reached = new Set<string>();

    for (const [index, op] of operations.entries()) {
      const name = `${op.method} ${op.path}`;
      const permission =
        op.operation.security?.length === 0 ? undefined : (op.operation['x-permission'] ?? 'authenticated');
      const seed = SEED + index;
      await fc.assert(
        fc.asyncProperty(requestsFor(arbs, op, { callers, ids }), async (req) => {
          sent++;
          const res = await send(req).catch((error: unknown) => ({
            status: 599,
            contentType: '',
            text: `the request failed: ${String(error)}`,
            body: undefined,
          }));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status < 300) reached.add(name);
          const why =
            req.method !== op.method && res.status < 300
              ? `a ${res.status} for ${req.method}, which the description does not have at ${op.path}`
              : judge(permission, req.caller, res);
          if (why) {
            violations.push({
              operation: name,
              status: res.status,
              why,
              request: describeRequest(req),
              response: res.text.slice(0, 500),
            });
          }
          // Keep going: one run reports every offending request, not just the first.
          return true;
        }),
        { seed, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const histogram = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
    console.log(
      `fuzz: ${sent} requests to ${operations.length} operations as ${callers.length} callers in ${seconds} s (seed ${SEED}, ${ids.length} record ids); ` +
        `${reached.size} operations answered 2xx at least once; statuses ${histogram.join(' ')}`,
    );
    const report = violations
      .map((v) => `${v.operation} → ${v.why}\nrequest: ${v.request}\nresponse: ${v.response}`)
      .join('\n\n');
    expect(violations.length, `${violations.length} violations:\n\n${report}`).toBe(0);
    expect(sent).toBe(operations.length * RUNS_PER_OPERATION);
  }, 600_000);
});
