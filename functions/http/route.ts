import type * as z from 'zod';
import type { Permission } from '../../domain/access/permissions.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A route's contract: the single definition the app manifest (triggers, permissions), the handler
 * (validation) and the OpenAPI document are all derived from.
 */
export interface RouteContract {
  readonly method: Method;
  readonly path: string;
  /** `public` routes take no token (sign-in, health, the API description); every other names one permission. */
  readonly permission: Permission | 'public' | 'authenticated';
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The success body, in `contentType`. */
  readonly response: z.ZodType;
  readonly status?: SuccessStatus;
  /**
   * Other statuses it answers with the same body: a 200 when there was nothing to create, a health
   * check's 503 while a dependency (or the data) is not there yet.
   */
  readonly alsoStatus?: readonly (SuccessStatus | 503)[];
  /**
   * Problems it answers with beyond those every route of its shape may give (described in
   * functions/api/system/openapi.ts): a sign-in's 401/423/429, a conflict of a route without If-Match.
   */
  readonly problems?: readonly ProblemStatus[];
  /** Changes to an existing aggregate must name the version they were decided on. */
  readonly ifMatch?: boolean;
  /** The media type of `response` when it is not JSON; the body is then sent as text. */
  readonly contentType?: string;
  /**
   * Other media types it answers with on request (a `format` query), each with the schema of its body.
   * The handler names the one it sends in its content-type header.
   */
  readonly alternatives?: Readonly<Record<string, z.ZodType>>;
  /**
   * The body reaches the handler as received (`request.body` is the text, unparsed and unvalidated):
   * webhook signatures are computed over the exact bytes. `body` then only describes it for OpenAPI.
   */
  readonly rawBody?: boolean;
  /**
   * The response carries a secret (an authenticator app's key): it is never stored for an
   * Idempotency-Key replay, and never cached.
   */
  readonly secretResponse?: true;
  /**
   * Only people signed in to the console may call it, never an API key (403): issuing keys. Routes
   * whose permission is `authenticated` (the caller's own account and MFA) are for people too.
   */
  readonly peopleOnly?: true;
  /** Its own throttle in AWS (requests per second, burst), tighter than the stage's: public routes. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

export type SuccessStatus = 200 | 201 | 202;
export type ProblemStatus = 401 | 403 | 404 | 409 | 410 | 422 | 423 | 429 | 502;

export const defineRoute = <const C extends RouteContract>(contract: C): C => contract;

export const routeKey = (contract: Pick<RouteContract, 'method' | 'path'>): string =>
  `${contract.method} ${contract.path}`;

/** A route's operationId in the OpenAPI description (`POST /api/orders/{id}/cancel` → `postApiOrdersIdCancel`). */
export const operationIdOf = (contract: Pick<RouteContract, 'method' | 'path'>): string =>
  `${contract.method.toLowerCase()}${contract.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
