import type { z } from 'zod';
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
  readonly response: z.ZodType;
  readonly status?: 200 | 201 | 202;
  /** Changes to an existing aggregate must name the version they were decided on. */
  readonly ifMatch?: boolean;
  readonly contentType?: string;
  /**
   * The body reaches the handler as received (`request.body` is the text, unparsed and unvalidated):
   * webhook signatures are computed over the exact bytes. `body` then only describes it for OpenAPI.
   */
  readonly rawBody?: boolean;
  /** Statuses the route answers besides the ones every route shares, each with what it means. */
  readonly problems?: Readonly<Record<number, string>>;
  /**
   * The response carries a secret (an authenticator app's key): it is never stored for an
   * Idempotency-Key replay, and never cached.
   */
  readonly secretResponse?: true;
  /** Its own throttle in AWS (requests per second, burst), tighter than the stage's: public routes. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

export const defineRoute = <const C extends RouteContract>(contract: C): C => contract;

export const routeKey = (contract: Pick<RouteContract, 'method' | 'path'>): string =>
  `${contract.method} ${contract.path}`;
