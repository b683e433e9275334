import type { Actor } from '../../events/envelope.ts';
import { append, readStream, streamStateOf } from '../adapters/event-store.ts';
import { StaleVersionError } from '../errors.ts';
import type { RetentionPolicy } from './layout.ts';

/**
 * Backup settings live in the event store (stream `backupsettings-current`), so they survive a views
 * rebuild and every change names who made it. The state is the last BackupSettingsChanged.
 */
export const SETTINGS_STREAM = 'backupsettings-current';

export interface BackupSettings {
  retention: RetentionPolicy;
  /** Scheduled backups are incremental, with a full one after this many incrementals. */
  fullEvery: number;
  version: number;
  updatedAt?: string;
  updatedBy?: string;
}

export const DEFAULT_SETTINGS: Omit<BackupSettings, 'version'> = {
  retention: { daily: 7, weekly: 4, monthly: 12 },
  fullEvery: 7,
};

export const readSettings = async (): Promise<BackupSettings> => {
  const commits = await readStream(SETTINGS_STREAM);
  let settings: Omit<BackupSettings, 'version'> = DEFAULT_SETTINGS;
  for (const event of commits.flatMap((c) => c.events)) {
    if (event.type !== 'BackupSettingsChanged') continue;
    settings = {
      retention: event.data.retention,
      fullEvery: event.data.fullEvery,
      updatedAt: event.occurredAt,
      updatedBy: event.actor.email ?? event.actor.id,
    };
  }
  return { ...settings, version: streamStateOf(commits).version };
};

/** Changes the settings; `expectedVersion` (If-Match) makes a stale form fail instead of overwriting. */
export const changeSettings = async (
  change: { retention: RetentionPolicy; fullEvery: number },
  meta: { actor: Actor; correlationId: string; expectedVersion?: number },
): Promise<BackupSettings> => {
  const state = streamStateOf(await readStream(SETTINGS_STREAM));
  if (meta.expectedVersion !== undefined && meta.expectedVersion !== state.version) {
    throw new StaleVersionError(state.version);
  }
  const commit = await append(
    SETTINGS_STREAM,
    state,
    [{ type: 'BackupSettingsChanged', data: change }],
    meta,
  );
  return {
    ...change,
    version: commit.version,
    updatedAt: commit.committedAt,
    updatedBy: meta.actor.email ?? meta.actor.id,
  };
};
