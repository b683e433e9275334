import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import type { Actor } from '../../events/envelope.ts';
import { observability } from '../runtime/observability.ts';
import { actorOf, assertPerson, authorize, issuedAt } from './auth.ts';
import type { HttpEvent } from './caller.ts';
import { correlationIdOf } from './correlation.ts';
import { toProblem, zodProblem } from './errors.ts';
import { claim, complete, hashBody, release } from './idempotency.ts';
import { badRequest, HttpProblem, problemResponse } from './problem.ts';
import { type RouteContract, routeKey } from './route.ts';
import { assertSessionCurrent } from './session-check.ts';

export const MAX_BODY_BYTES = 256 * 1024;

export type { HttpEvent } from './caller.ts';
export type HttpResult = APIGatewayProxyStructuredResultV2;

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface Request<C extends RouteContract> {
  params: Infer<C['params']>;
  query: Infer<C['query']>;
  body: C['rawBody'] extends true ? string : Infer<C['body']>;
  /** Undefined only on public routes. */
  actor: C['permission'] extends 'public' ? Actor | undefined : Actor;
  /** The aggregate version from If-Match, present whenever the contract requires it. */
  ifMatch: C['ifMatch'] extends true ? number : number | undefined;
  correlationId: string;
  event: HttpEvent;
}

/**
 * The body is checked against the contract's response schema by the tests, not per request: every
 * operation's answers against the OpenAPI description in tests/functions/api/conformance.test.ts.
 */
export interface Reply<_C extends RouteContract = RouteContract> {
  body: unknown;
  status?: number;
  /** The aggregate version after the request, sent as the ETag. */
  version?: number;
  headers?: Record<string, string>;
}

export interface Implementation<C extends RouteContract = RouteContract> {
  contract: C;
  run: (request: Request<C>) => Promise<Reply<C>>;
}

export const implement = <C extends RouteContract>(
  contract: C,
  run: (request: Request<C>) => Promise<Reply<C>>,
): Implementation => ({ contract, run }) as unknown as Implementation;

const parse = <T extends z.ZodType | undefined>(schema: T, value: unknown, where: string): Infer<T> => {
  if (!schema) return undefined as Infer<T>;
  const result = schema.safeParse(value);
  if (!result.success) throw zodProblem(result.error, where);
  return result.data as Infer<T>;
};

const isJson = (type: string) => /^application\/(.+\+)?json\b/i.test(type);

const readBody = (event: HttpEvent, contract: RouteContract): unknown => {
  if (!contract.body) return undefined;
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw new HttpProblem(
      413,
      'body-too-large',
      'Request body too large',
      `Bodies are limited to ${MAX_BODY_BYTES} bytes`,
    );
  }
  if (contract.rawBody) return raw;
  const type = event.headers['content-type'] ?? '';
  if (raw && !isJson(type)) {
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'Send the body as application/json',
    );
  }
  // A body declared as JSON must be JSON: an empty one is malformed, not an empty object. Without a
  // content type, an empty body is a command with no fields (the console sends none for those).
  if (!raw && type) {
    throw new HttpProblem(
      400,
      'malformed-json',
      'Malformed JSON',
      'The request body is empty; send a JSON object',
    );
  }
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    throw new HttpProblem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON');
  }
};

/** An If-Match the edge accepts: the record version as its ETag gave it, quoted or not, weak or not. */
export const IF_MATCH = /^(?:W\/)?"?(\d+)"?$/;

const readIfMatch = (event: HttpEvent, contract: RouteContract): number | undefined => {
  const header = event.headers['if-match'];
  if (header === undefined) {
    if (contract.ifMatch) {
      throw new HttpProblem(
        428,
        'version-required',
        'Version required',
        'Send the version you read in the If-Match header, for example If-Match: "3"',
      );
    }
    return undefined;
  }
  const match = IF_MATCH.exec(header.trim());
  if (!match) throw badRequest('If-Match must be the record version, for example "3"');
  return Number(match[1]);
};

/**
 * A Lambda handler for a set of routes: Powertools logging, tracing and metrics; routing by the
 * API Gateway route key; authentication and the route's permission check; validated params, query and
 * body; If-Match versions; Idempotency-Key on POST; every failure a problem response.
 */
export const httpHandler = (serviceName: string, implementations: Implementation[]) => {
  const { logger, metrics, instrument } = observability(serviceName);
  const byKey = new Map(implementations.map((impl) => [routeKey(impl.contract), impl]));

  const dispatch = async (event: HttpEvent, context: Context | undefined): Promise<HttpResult> => {
    const impl = byKey.get(event.routeKey);
    if (!impl) throw new HttpProblem(404, 'not-found', 'Not found', `No route ${event.routeKey}`);
    const { contract } = impl;
    const correlationId = correlationIdOf(event.headers['x-correlation-id'], event.requestContext.requestId);
    // Before the checks, so a refusal's log line is found by the request's correlation id too.
    logger.appendKeys({ correlationId, route: event.routeKey });
    const actor = contract.permission === 'public' ? undefined : actorOf(event);
    if (actor) {
      if (contract.permission === 'authenticated' || contract.peopleOnly) assertPerson(actor);
      await assertSessionCurrent(actor, issuedAt(event));
      if (contract.permission !== 'authenticated' && contract.permission !== 'public')
        authorize(actor, contract.permission);
    }
    if (actor) logger.appendKeys({ actorId: actor.id, role: actor.role });
    const request = {
      params: parse(contract.params, event.pathParameters ?? {}, 'path'),
      query: parse(contract.query, event.queryStringParameters ?? {}, 'query'),
      body: contract.rawBody
        ? readBody(event, contract)
        : parse(contract.body, readBody(event, contract), 'body'),
      actor,
      ifMatch: readIfMatch(event, contract),
      correlationId,
      event,
    } as Request<RouteContract>;

    const run = async (): Promise<HttpResult> => {
      const reply = await impl.run(request);
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.version !== undefined) headers.etag = `"${reply.version}"`;
      // The contract's media type unless the handler chose one of the route's alternatives.
      const type = headers['content-type'] ?? contract.contentType ?? 'application/json';
      headers['content-type'] = type;
      if (contract.secretResponse) headers['cache-control'] = 'no-store';
      return {
        statusCode: reply.status ?? contract.status ?? 200,
        headers,
        body: isJson(type) ? JSON.stringify(reply.body) : String(reply.body),
      };
    };

    const key = event.headers['idempotency-key'];
    if (contract.method !== 'POST' || !key || !actor || contract.secretResponse) return run();
    if (key.length > 128) throw badRequest('Idempotency-Key must be at most 128 characters');
    const bodyHash = hashBody(event.body);
    // The claim stays live for the invocation's remaining time; after it a retry may take it over.
    const claimed = await claim(
      `${actor.id}#${event.routeKey}#${JSON.stringify(event.pathParameters ?? {})}`,
      key,
      bodyHash,
      context?.getRemainingTimeInMillis?.(),
    );
    if ('replay' in claimed)
      return { ...claimed.replay, headers: { ...claimed.replay.headers, 'idempotent-replayed': 'true' } };
    try {
      const result = await run();
      await complete(claimed.claimed, result);
      return result;
    } catch (error) {
      await release(claimed.claimed);
      throw error;
    }
  };

  const handler = async (event: HttpEvent, context?: Context): Promise<HttpResult> => {
    try {
      const result = await dispatch(event, context);
      metrics.addMetric('requests', MetricUnit.Count, 1);
      return result;
    } catch (error) {
      const problem = toProblem(error);
      if (problem) {
        metrics.addMetric('clientErrors', MetricUnit.Count, 1);
        logger.info('request refused', { status: problem.status, code: problem.code });
        return problemResponse(problem.toProblem(), problem.headers);
      }
      metrics.addMetric('serverErrors', MetricUnit.Count, 1);
      logger.error('request failed', error as Error);
      return problemResponse({
        type: 'https://firefly.example/problems/internal',
        title: 'Something went wrong on our side',
        status: 500,
        detail: 'The request was not completed. Nothing was saved. Try again; if it persists, tell an admin.',
      });
    }
  };

  return instrument(handler);
};
