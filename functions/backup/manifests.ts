import { getBytes, listKeys, sha256 } from '../adapters/blobs.ts';
import { config } from '../runtime/config.ts';
import { BackupError, BackupManifest, MANIFESTS, manifestKey } from './layout.ts';

/**
 * The backups that exist, read from the bucket itself: a restore must work when every table is gone,
 * so nothing here depends on DynamoDB.
 */
export interface StoredManifest {
  manifest: BackupManifest;
  /** SHA-256 of the manifest's bytes: what the next backup's `previous` link records. */
  sha256: string;
}

export class ManifestUnreadable extends BackupError {
  override name = 'ManifestUnreadable';
}

const parse = (id: string, bytes: Buffer): StoredManifest => {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ManifestUnreadable(`The manifest of backup ${id} is not valid JSON`);
  }
  const result = BackupManifest.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ManifestUnreadable(
      `The manifest of backup ${id} is not a backup manifest (${issue.path.join('.') || 'root'}: ${issue.message})`,
    );
  }
  if (result.data.id !== id)
    throw new ManifestUnreadable(`The manifest at ${manifestKey(id)} names ${result.data.id}`);
  return { manifest: result.data, sha256: sha256(bytes) };
};

/** A backup's manifest, or undefined when the backup does not exist (or never completed). */
export const readManifest = async (id: string): Promise<StoredManifest | undefined> => {
  const bytes = await getBytes(config.backupsBucket, manifestKey(id));
  return bytes ? parse(id, bytes) : undefined;
};

/** Ids of every completed backup, oldest first. */
export const listBackupIds = async (): Promise<string[]> => {
  const { keys } = await listKeys(config.backupsBucket, MANIFESTS);
  return keys
    .map((k) => k.key.slice(MANIFESTS.length).replace(/\.json$/, ''))
    .filter((id) => /^[0-9A-Z]{26}$/.test(id))
    .sort();
};

export const latestBackupId = async (): Promise<string | undefined> => (await listBackupIds()).at(-1);

/** Every completed backup's manifest, oldest first. */
export const listManifests = async (): Promise<StoredManifest[]> => {
  const manifests: StoredManifest[] = [];
  for (const id of await listBackupIds()) {
    const stored = await readManifest(id);
    if (stored) manifests.push(stored);
  }
  return manifests;
};

/**
 * The backups a restore from `id` needs, oldest first: back along `previous` links to the full backup
 * the chain starts at. Throws when a link is missing or does not match the hash recorded for it.
 */
export const chainOf = async (id: string): Promise<StoredManifest[]> => {
  const chain: StoredManifest[] = [];
  let current = await readManifest(id);
  if (!current) throw new BackupError(`Backup ${id} does not exist`);
  chain.unshift(current);
  while (current.manifest.kind === 'incremental') {
    const link: NonNullable<BackupManifest['previous']> | undefined = current.manifest.previous;
    if (!link) throw new BackupError(`Incremental backup ${current.manifest.id} names no previous backup`);
    const previous = await readManifest(link.id);
    if (!previous) {
      throw new BackupError(
        `Backup ${current.manifest.id} builds on ${link.id}, which is missing: the chain to its full backup ${current.manifest.base} is broken`,
      );
    }
    if (previous.sha256 !== link.sha256) {
      throw new BackupError(
        `The manifest of backup ${link.id} changed after ${current.manifest.id} was chained to it (SHA-256 ${previous.sha256}, recorded ${link.sha256})`,
      );
    }
    chain.unshift(previous);
    current = previous;
  }
  return chain;
};
