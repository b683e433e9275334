import createClient, { type FetchResponse, type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { ApiError, networkProblem, problemFrom } from './problem';
import type { paths } from './schema.gen';
import { getSession, type Session, sessionFromTokens, setSession } from './session';
import type { MfaChallenge, RuntimeConfig } from './types';

/** Renew this long before the tokens expire, so a request never leaves with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

let config: RuntimeConfig = { apiUrl: '' };
let configLoaded: Promise<RuntimeConfig> | undefined;

/**
 * Reads `/config.json` from the console's own origin once. Without it (e.g. `vite dev` before the
 * local cloud runs) the API is assumed on the same origin, which is also what the dev proxy provides.
 */
export const loadConfig = (): Promise<RuntimeConfig> => {
  configLoaded ??= fetch('/config.json', { headers: { accept: 'application/json' } })
    .then(async (response) => (response.ok ? ((await response.json()) as RuntimeConfig) : { apiUrl: '' }))
    .catch(() => ({ apiUrl: '' }))
    .then((loaded) => {
      config = { ...loaded, apiUrl: (loaded.apiUrl ?? '').replace(/\/+$/, '') };
      return config;
    });
  return configLoaded;
};

export const runtimeConfig = (): RuntimeConfig => config;

/** Called when the session cannot be renewed, so the app can send the user to sign in. */
type ExpiredHandler = () => void;
let onExpired: ExpiredHandler = () => {};
export const onSessionExpired = (handler: ExpiredHandler): void => {
  onExpired = handler;
};

/** A list filter: query values left empty are not sent. */
export type Query = Record<string, string | number | undefined>;

/** Query values left out of the URL: undefined and empty (an empty filter means no filter). */
const querySerializer = (query: Record<string, unknown>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params.toString();
};

interface Outgoing {
  method: string;
  /** Path and query, as openapi-fetch built them from the typed path and its params. */
  path: string;
  headers: Headers;
  body?: string;
  signal?: AbortSignal;
}

const send = async (outgoing: Outgoing, token?: string) => {
  // The app renders while /config.json loads; requests wait for it (memoised, so once).
  await loadConfig();
  const headers = new Headers(outgoing.headers);
  headers.set('accept', 'application/json, application/problem+json');
  if (token) headers.set('authorization', `Bearer ${token}`);
  try {
    return await fetch(`${config.apiUrl}${outgoing.path}`, {
      method: outgoing.method,
      headers,
      body: outgoing.body,
      signal: outgoing.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkProblem(error);
  }
};

/** The request openapi-fetch built, read once so it can be sent again after a token renewal. */
const outgoing = async (request: Request): Promise<Outgoing> => {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: `${url.pathname}${url.search}`,
    headers: request.headers,
    body: request.body === null ? undefined : await request.text(),
    signal: request.signal,
  };
};

let refreshing: Promise<Session | undefined> | undefined;

/**
 * Renews the tokens with the refresh token. Concurrent callers share one request, since a refresh
 * token exchanged twice at once would race.
 */
export const refreshSession = (): Promise<Session | undefined> => {
  refreshing ??= (async () => {
    const current = getSession();
    if (!current?.refreshToken) return undefined;
    const tokens = await publicApi
      .POST('/api/auth/refresh', { body: { refreshToken: current.refreshToken } })
      .then(({ data }) => data)
      .catch((error: unknown) => {
        // Only a refusal ends the session; a network blip leaves it for the next attempt.
        if (error instanceof ApiError && (error.status === 401 || error.status === 400)) return undefined;
        throw error;
      });
    if (!tokens) return undefined;
    const next = sessionFromTokens(tokens, current);
    setSession(next);
    return next;
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
};

const currentToken = async (): Promise<string | undefined> => {
  const session = getSession();
  if (!session) return undefined;
  if (session.expiresAt - Date.now() > REFRESH_MARGIN_MS) return session.idToken;
  const renewed = await refreshSession().catch(() => undefined);
  return (renewed ?? session).idToken;
};

/** The session, renewed first if it is about to expire: for calls that carry its access token in their body. */
export const freshSession = async (): Promise<Session | undefined> => {
  await currentToken();
  return getSession();
};

const expire = () => {
  setSession(undefined);
  onExpired();
};

/** An authenticated call: bearer token, renewal before expiry and once on a 401, problems as ApiError. */
const authenticated = async (request: Request): Promise<Response> => {
  const call = await outgoing(request);
  let response = await send(call, await currentToken());
  if (response.status === 401 && getSession()) {
    const renewed = await refreshSession().catch(() => undefined);
    if (!renewed) {
      expire();
      throw await problemFrom(response);
    }
    response = await send(call, renewed.idToken);
    if (response.status === 401) expire();
  }
  if (!response.ok) throw await problemFrom(response);
  return response;
};

/** A call without a token (sign-in, refresh, account activation): problems as ApiError. */
const anonymous = async (request: Request): Promise<Response> => {
  const response = await send(await outgoing(request));
  if (!response.ok) throw await problemFrom(response);
  return response;
};

/**
 * The API, typed by the paths of its OpenAPI description (`schema.gen.ts`): a path, its parameters, its
 * body and its reply are the contract's, so a removed or renamed route fails the console's type check.
 * A failed call throws an ApiError, so `data` is the reply whenever the promise resolves.
 */
export const client = createClient<paths>({ fetch: authenticated, querySerializer });
const publicApi = createClient<paths>({ fetch: anonymous, querySerializer });

// The init argument is required exactly when the operation has required parameters or a body (as in openapi-fetch).
type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & { [key: string]: unknown })?]
    : [Init & { [key: string]: unknown }];

type Unwrapped<M extends HttpMethod> = <
  P extends PathsWithMethod<paths, M>,
  I extends MaybeOptionalInit<paths[P], M>,
>(
  path: P,
  ...init: InitParam<I>
) => Promise<Reply<paths[P][M], I>>;

type Reply<Operation, Init> =
  Operation extends Record<string | number, unknown>
    ? NonNullable<FetchResponse<Operation, Init, MediaType>['data']>
    : never;

const unwrapped = <M extends HttpMethod>(
  method: (path: never, init?: never) => Promise<{ data?: unknown }>,
): Unwrapped<M> =>
  ((path: never, init?: never) => method(path, init).then(({ data }) => data)) as Unwrapped<M>;

/** `api.get('/api/orders/{id}', { params: { path: { id } }, signal })` resolves to the order itself. */
export const api = {
  get: unwrapped<'get'>(client.GET as never),
  post: unwrapped<'post'>(client.POST as never),
  put: unwrapped<'put'>(client.PUT as never),
  patch: unwrapped<'patch'>(client.PATCH as never),
  delete: unwrapped<'delete'>(client.DELETE as never),
};

/** Calls that carry no session: a share link's page, opened by someone who is not signed in. */
export const anonymousApi = { get: unwrapped<'get'>(publicApi.GET as never) };

/** The headers of a change to an existing record: the version it was decided on, and the retry key. */
export const change = (version: number, idempotencyKey?: string) => ({
  'If-Match': `"${version}"`,
  ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
});

/** The params of a command on one record: its id, the version it was decided on, and the retry key. */
export const target = (id: string, version: number, idempotencyKey?: string) => ({
  path: { id },
  header: change(version, idempotencyKey),
});

/** The header of a POST that must run once however often it is retried. */
export const once = (idempotencyKey: string) => ({ 'Idempotency-Key': idempotencyKey });

/**
 * Signs in with a password. An account with MFA answers with a challenge instead of tokens: the
 * caller asks for the code and finishes with `answerMfaChallenge`.
 */
export const signIn = async (email: string, password: string): Promise<MfaChallenge | undefined> => {
  const reply = (await publicApi.POST('/api/auth/sign-in', { body: { email, password } })).data!;
  if ('challenge' in reply) return reply;
  setSession(sessionFromTokens(reply));
  return undefined;
};

export const answerMfaChallenge = async (email: string, session: string, code: string): Promise<void> => {
  const tokens = (await publicApi.POST('/api/auth/sign-in/mfa', { body: { email, session, code } })).data!;
  setSession(sessionFromTokens(tokens));
};

export const activateAccount = async (body: {
  email: string;
  temporaryPassword: string;
  newPassword: string;
}) => (await publicApi.POST('/api/users/activate', { body })).data!;

export const signOut = (): void => setSession(undefined);

/**
 * Keeps an idle tab signed in: renews the session a minute before it expires. Returns a stop function.
 * Requests also renew on demand, so this is a convenience, not the only guard.
 */
export const keepSessionFresh = (): (() => void) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    const session = getSession();
    if (!session?.refreshToken) return;
    const wait = Math.max(5_000, session.expiresAt - Date.now() - REFRESH_MARGIN_MS);
    timer = setTimeout(() => {
      refreshSession()
        .then((renewed) => {
          if (!renewed) expire();
        })
        .catch(() => schedule());
    }, wait);
  };
  schedule();
  return () => clearTimeout(timer);
};

export { ApiError };
