import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';
import { PERMISSIONS, type Permission } from './permissions.ts';

/** How long a key lasts unless its issuer chooses, and the longest it may. */
export const DEFAULT_KEY_DAYS = 90;
export const MAX_KEY_DAYS = 366;
const DAY_MS = 86_400_000;

type Person = { id: string; email?: string };

export type ApiKeyState =
  | { exists: false }
  | {
      exists: true;
      keyId: string;
      name: string;
      permissions: string[];
      expiresAt: string;
      createdBy: Person;
      /** `ffk_<keyId>`: what the key starts with, enough to recognise it, useless to call with. */
      prefix: string;
      last4: string;
      status: 'active' | 'revoked';
      revokedBy?: Person;
      revokedAt?: string;
      revokedReason?: string;
    };

export type ApiKeyCommand =
  | {
      type: 'IssueApiKey';
      keyId: string;
      name: string;
      permissions: string[];
      expiresAt: string;
      createdBy: Person;
      /** What the issuer may do: a key carries some of it, never more. */
      issuerPermissions: readonly string[];
      prefix: string;
      last4: string;
      now: string;
    }
  | { type: 'RevokeApiKey'; reason: string; revokedBy: Person; at: string };

export type ApiKeyEvent = Event<'ApiKeyIssued' | 'ApiKeyRevoked'>;

const decide = (command: ApiKeyCommand, state: ApiKeyState): ApiKeyEvent[] => {
  switch (command.type) {
    case 'IssueApiKey': {
      if (state.exists) return reject('api-key-exists', 'This API key already exists', 409);
      if (command.permissions.length === 0)
        return reject('no-permissions', 'Give the key at least one permission');
      const unknown = command.permissions.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
      if (unknown.length) return reject('unknown-permissions', `Not permissions: ${unknown.join(', ')}`);
      const beyond = command.permissions.filter((p) => !command.issuerPermissions.includes(p));
      if (beyond.length)
        return reject(
          'permissions-not-held',
          `A key can only carry permissions you have yourself; you do not have ${beyond.join(', ')}`,
        );
      const lifetime = Date.parse(command.expiresAt) - Date.parse(command.now);
      if (!(lifetime > 0)) return reject('expiry-in-past', 'The expiry must be in the future');
      if (lifetime > MAX_KEY_DAYS * DAY_MS)
        return reject('expiry-too-far', `A key may last at most ${MAX_KEY_DAYS} days`);
      const { type: _, issuerPermissions: __, now: ___, ...data } = command;
      return [{ type: 'ApiKeyIssued', data: { ...data, permissions: [...new Set(data.permissions)] } }];
    }
    case 'RevokeApiKey': {
      if (!state.exists) return reject('api-key-not-found', 'No such API key', 404);
      if (state.status === 'revoked') return reject('api-key-revoked', 'The key is already revoked', 409);
      return [
        {
          type: 'ApiKeyRevoked',
          data: {
            keyId: state.keyId,
            reason: command.reason,
            revokedBy: command.revokedBy,
            revokedAt: command.at,
          },
        },
      ];
    }
  }
};

const evolve = (state: ApiKeyState, event: ApiKeyEvent): ApiKeyState => {
  if (event.type === 'ApiKeyIssued') return { exists: true, ...event.data, status: 'active' };
  if (!state.exists) return state;
  return {
    ...state,
    status: 'revoked',
    revokedBy: event.data.revokedBy,
    revokedAt: event.data.revokedAt,
    revokedReason: event.data.reason,
  };
};

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyState, ApiKeyEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

export const API_KEY_ACTIONS = ['revoke'] as const;
export type ApiKeyAction = (typeof API_KEY_ACTIONS)[number];

const probes: Probes<ApiKeyCommand, ApiKeyState, ApiKeyAction> = {
  revoke: (_, { by }) => ({ type: 'RevokeApiKey', reason: 'probe', revokedBy: { id: by }, at: '' }),
};

export const availableApiKeyActions = availableBy(apiKeyDecider, API_KEY_ACTIONS, probes);

/** Why a key may not be used at `now`, or undefined when it may. */
export const unusableBecause = (state: ApiKeyState, now: Date): string | undefined => {
  if (!state.exists) return 'The API key is not known';
  if (state.status === 'revoked') return `The API key was revoked on ${state.revokedAt}`;
  if (now.getTime() >= Date.parse(state.expiresAt)) return `The API key expired on ${state.expiresAt}`;
  return undefined;
};

/** The permissions a key carries that the platform still knows (a later-removed one grants nothing). */
export const keyPermissions = (state: Extract<ApiKeyState, { exists: true }>): Permission[] =>
  state.permissions.filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p));

/** The default expiry of a key issued at `now`. */
export const defaultExpiry = (now: Date): string =>
  new Date(now.getTime() + DEFAULT_KEY_DAYS * DAY_MS).toISOString();
