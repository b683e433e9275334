import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { describeUntil } from '../../../domain/security/lockout.ts';
import { ConcurrencyError } from '../../../functions/adapters/event-store.ts';
import {
  InvalidCursorError,
  InvalidInputError,
  StaleVersionError,
  TooManyMatchesError,
} from '../../../functions/errors.ts';
import { type HttpEvent, type HttpResult, httpHandler, implement } from '../../../functions/http/adapter.ts';
import { badRequest, versionConflict } from '../../../functions/http/problem.ts';
import { defineRoute } from '../../../functions/http/route.ts';
import {
  AccountLockedError,
  AddressPausedError,
  InvalidCredentialsError,
  PasswordChangeRequiredError,
} from '../../../functions/security/refusals.ts';

/**
 * Application and persistence code throws typed errors; the edge maps each to the problem response
 * the code used to build itself (same status, type, title, detail, extensions and headers).
 */
const contract = defineRoute({
  method: 'POST',
  path: '/api/fail/{kind}',
  permission: 'authenticated',
  summary: 'Fail',
  tag: 'test',
  params: z.object({ kind: z.string() }),
  response: z.object({}),
});

const AT = Date.parse('2026-03-02T15:00:00.000Z');

const failures: Record<string, () => Error> = {
  stale: () => new StaleVersionError(7),
  cursor: () => new InvalidCursorError('list'),
  searchCursor: () => new InvalidCursorError('search'),
  input: () => new InvalidInputError('`from` must not be after `to`'),
  tooMany: () => new TooManyMatchesError('More than 10 entries match; narrow the time range or add a filter'),
  concurrency: () => new ConcurrencyError('customer-1', 3),
  credentials: () => new InvalidCredentialsError(),
  locked: () => new AccountLockedError(AT + 90_500, AT),
  paused: () => new AddressPausedError(AT + 30_000, AT),
  passwordChange: () => new PasswordChangeRequiredError(),
};

let handler: ReturnType<typeof httpHandler>;
beforeAll(() => {
  Object.assign(process.env, {
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  handler = httpHandler('test', [
    implement(contract, async ({ params }) => {
      throw (failures[params.kind] as () => Error)();
    }),
  ]);
});

const call = async (kind: string) =>
  (await handler(
    {
      routeKey: 'POST /api/fail/{kind}',
      rawPath: `/api/fail/${kind}`,
      headers: {},
      pathParameters: { kind },
      isBase64Encoded: false,
      requestContext: {
        requestId: 'req-1',
        http: { method: 'POST', path: `/api/fail/${kind}`, sourceIp: '127.0.0.1', userAgent: 'vitest' },
        authorizer: { lambda: { kind: 'user', sub: 'user-1', groups: 'owner' } },
      },
    } as unknown as HttpEvent,
    { functionName: 'test', awsRequestId: 'aws-1' } as unknown as Context,
  )) as HttpResult & { headers: Record<string, string> };

const asResponse = (problem: ReturnType<typeof badRequest>) => ({
  status: problem.status,
  body: problem.toProblem(),
  headers: problem.headers,
});

describe('typed errors at the edge', () => {
  it.each([
    ['stale', versionConflict(7)],
    ['cursor', badRequest('The cursor is not valid for this list; start again without it')],
    ['searchCursor', badRequest('The cursor is not valid for this search; start again without it')],
    ['input', badRequest('`from` must not be after `to`')],
    ['tooMany', badRequest('More than 10 entries match; narrow the time range or add a filter')],
  ])('%s becomes the same problem the code used to throw', async (kind, expected) => {
    const result = await call(kind);
    const want = asResponse(expected);
    expect(result.statusCode).toBe(want.status);
    expect(JSON.parse(String(result.body))).toEqual(want.body);
    expect(result.headers).toMatchObject({ 'content-type': 'application/problem+json', ...want.headers });
  });

  it('maps the event store concurrency error to 409 version-conflict', async () => {
    const result = await call('concurrency');
    expect(result.statusCode).toBe(409);
    expect(JSON.parse(String(result.body))).toMatchObject({
      type: 'https://firefly.example/problems/version-conflict',
      status: 409,
    });
  });

  it('answers sign-in refusals with the problems sign-in used to build itself', async () => {
    const problem = async (kind: string) => {
      const result = await call(kind);
      return { status: result.statusCode, body: JSON.parse(String(result.body)), headers: result.headers };
    };
    expect(await problem('credentials')).toMatchObject({
      status: 401,
      body: {
        type: 'https://firefly.example/problems/invalid-credentials',
        title: 'Sign-in failed',
        status: 401,
        detail: 'The email or password is not correct',
      },
    });
    expect(await problem('locked')).toMatchObject({
      status: 423,
      headers: { 'retry-after': '91' },
      body: {
        type: 'https://firefly.example/problems/account-locked',
        title: 'Account locked',
        status: 423,
        detail: `Too many failed sign-ins. This account is locked until ${describeUntil(AT + 90_500, AT)}. Try again then, or ask an admin to unlock it.`,
        lockedUntil: new Date(AT + 90_500).toISOString(),
        retryAfterSeconds: 91,
      },
    });
    expect(await problem('paused')).toMatchObject({
      status: 429,
      headers: { 'retry-after': '30' },
      body: {
        type: 'https://firefly.example/problems/too-many-attempts',
        title: 'Too many failed sign-ins from your network',
        detail: `Sign-in from your network address is paused until ${describeUntil(AT + 30_000, AT)} after many failed attempts.`,
        retryAfterSeconds: 30,
      },
    });
    expect(await problem('passwordChange')).toMatchObject({
      status: 403,
      body: {
        type: 'https://firefly.example/problems/password-change-required',
        title: 'Choose your own password first',
      },
    });
  });
});
