import type { Tokens } from './types';

/** The signed-in session. Kept in sessionStorage so it ends with the tab and is never shared across tabs. */
export interface Session {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds when the tokens expire. */
  expiresAt: number;
}

/** The browser tests and the benchmark seed this key directly; keep the name stable. */
export const SESSION_KEY = 'firefly.session';

type Listener = () => void;
const listeners = new Set<Listener>();
let cached: Session | undefined | null = null;

const read = (): Session | undefined => {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.idToken !== 'string' || typeof parsed.expiresAt !== 'number') return undefined;
    return parsed as Session;
  } catch {
    return undefined;
  }
};

/** The same object until it changes, as useSyncExternalStore requires. */
export const getSession = (): Session | undefined => {
  if (cached === null) cached = read();
  return cached;
};

export const sessionFromTokens = (tokens: Tokens, previous?: Session): Session => ({
  idToken: tokens.idToken,
  accessToken: tokens.accessToken,
  refreshToken: tokens.refreshToken ?? previous?.refreshToken,
  expiresAt: Date.now() + tokens.expiresIn * 1000,
});

export const setSession = (session: Session | undefined): void => {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
  cached = session;
  for (const listener of listeners) listener();
};

export const subscribeSession = (listener: Listener): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
