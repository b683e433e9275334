import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
} from 'react';
import {
  answerMfaChallenge as apiAnswerMfa,
  signIn as apiSignIn,
  signOut as apiSignOut,
  keepSessionFresh,
} from '../api/client';
import { meQuery } from '../api/queries';
import { getSession, type Session, subscribeSession } from '../api/session';
import type { Me, MfaChallenge, Permission } from '../api/types';

interface SessionContextValue {
  session: Session | undefined;
  me: Me | undefined;
  /** True while the signed-in user's profile is loading. */
  loading: boolean;
  meError: unknown;
  can: (permission: Permission) => boolean;
  /** Resolves to a challenge when the account asks for a code from its authenticator app. */
  signIn: (email: string, password: string) => Promise<MfaChallenge | undefined>;
  answerMfa: (email: string, session: string, code: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export const SessionProvider = ({ children }: { children: ReactNode }) => {
  const client = useQueryClient();
  const session = useSyncExternalStore(subscribeSession, getSession);
  const signedIn = session !== undefined;
  const me = useQuery({ ...meQuery, enabled: signedIn });

  useEffect(() => (signedIn ? keepSessionFresh() : undefined), [signedIn]);

  // A renewed token may carry another role (the API ends sessions when access changes): ask again
  // what this person may do, so the console shows exactly that.
  const idToken = session?.idToken;
  const previousToken = useRef(idToken);
  useEffect(() => {
    const renewed = previousToken.current !== undefined && idToken !== undefined;
    if (renewed && previousToken.current !== idToken)
      void client.invalidateQueries({ queryKey: meQuery.queryKey });
    previousToken.current = idToken;
  }, [idToken, client]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      client.clear();
      return apiSignIn(email, password);
    },
    [client],
  );

  const answerMfa = useCallback(
    async (email: string, session: string, code: string) => {
      client.clear();
      await apiAnswerMfa(email, session, code);
    },
    [client],
  );

  const signOut = useCallback(() => {
    apiSignOut();
    // Nothing read for one user may be shown to the next.
    client.clear();
  }, [client]);

  const value = useMemo<SessionContextValue>(() => {
    const permissions = new Set(me.data?.permissions ?? []);
    return {
      session,
      me: signedIn ? me.data : undefined,
      loading: signedIn && me.isPending,
      meError: me.error,
      can: (permission) => permissions.has(permission),
      signIn,
      answerMfa,
      signOut,
    };
  }, [session, signedIn, me.data, me.isPending, me.error, signIn, answerMfa, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
};

export const useSession = (): SessionContextValue => {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
};

/** Renders its children only when the signed-in user has the permission: absent, never disabled. */
export const Can = ({ permission, children }: { permission: Permission; children: ReactNode }) =>
  useSession().can(permission) ? children : null;
