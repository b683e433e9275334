import { ApiError, networkProblem, problemFrom } from './problem';
import { getSession, type Session, sessionFromTokens, setSession } from './session';
import type { RuntimeConfig, Tokens } from './types';

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

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** The record version the change was decided on; sent as `If-Match: "<version>"`. */
  ifMatch?: number;
  /** One per form submission, so a retried POST is applied once. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Called when the session cannot be renewed, so the app can send the user to sign in. */
type ExpiredHandler = () => void;
let onExpired: ExpiredHandler = () => {};
export const onSessionExpired = (handler: ExpiredHandler): void => {
  onExpired = handler;
};

const url = (path: string, query?: Query): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${config.apiUrl}${path}${qs ? `?${qs}` : ''}`;
};

const send = async (method: string, path: string, options: RequestOptions, token?: string) => {
  // The app renders while /config.json loads; requests wait for it (memoised, so once).
  await loadConfig();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  try {
    return await fetch(url(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkProblem(error);
  }
};

const parse = async <T>(response: Response): Promise<T> => {
  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
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
    const response = await send('POST', '/api/auth/refresh', {
      body: { refreshToken: current.refreshToken },
    });
    if (!response.ok) {
      // Only a refusal ends the session; a network blip leaves it for the next attempt.
      if (response.status === 401 || response.status === 400) return undefined;
      throw await problemFrom(response);
    }
    const next = sessionFromTokens((await response.json()) as Tokens, current);
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

const expire = () => {
  setSession(undefined);
  onExpired();
};

/** An authenticated API call: bearer token, renewal before expiry and once on a 401, problems as ApiError. */
export const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<T> => {
  let response = await send(method, path, options, await currentToken());
  if (response.status === 401 && getSession()) {
    const renewed = await refreshSession().catch(() => undefined);
    if (!renewed) {
      expire();
      throw await problemFrom(response);
    }
    response = await send(method, path, options, renewed.idToken);
    if (response.status === 401) expire();
  }
  return parse<T>(response);
};

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, options: Omit<RequestOptions, 'query'> = {}) => request<T>('POST', path, options),
  patch: <T>(path: string, options: Omit<RequestOptions, 'query'> = {}) => request<T>('PATCH', path, options),
};

export const signIn = async (email: string, password: string): Promise<Session> => {
  const response = await send('POST', '/api/auth/sign-in', { body: { email, password } });
  const session = sessionFromTokens(await parse<Tokens>(response));
  setSession(session);
  return session;
};

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
