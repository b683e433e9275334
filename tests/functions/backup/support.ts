import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { getBytes, sha256 } from '../../../functions/adapters/blobs.ts';
import { s3 } from '../../../functions/adapters/clients.ts';
import { type BackupManifest, manifestKey } from '../../../functions/backup/layout.ts';
import { config } from '../../../functions/runtime/config.ts';
import type { Api, Json, TestCloud } from '../../support/cloud.ts';

/** Settings the backup tests run with: no settle delay, instant retries, several parts per backup. */
export const backupTestEnv = () => {
  process.env.BACKUP_SETTLE_SECONDS = '0';
  process.env.LOCAL_SFN_RETRY_INTERVAL_MS = '0';
  process.env.BACKUP_PART_MAX_COMMITS = '8';
};

/** Starts something through the API and waits for its execution to end; returns the final record. */
export const runAndWait = async (
  cloud: TestCloud,
  api: Api,
  start: () => Promise<{ status: number; body: Json }>,
  recordPath: (id: string) => string,
) => {
  const started = await start();
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await cloud.stepFunctions.wait(started.body.executionArn as string);
  const record = await api.get(recordPath(started.body.id as string));
  expect(record.status).toBe(200);
  return record.body;
};

export const backupNow = (cloud: TestCloud, api: Api, kind: 'full' | 'incremental') =>
  runAndWait(
    cloud,
    api,
    () => api.post('/api/backups', { kind }),
    (id) => `/api/backups/${id}`,
  );

export const manifestOf = async (id: string): Promise<{ manifest: BackupManifest; sha256: string }> => {
  const bytes = await getBytes(config.backupsBucket, manifestKey(id));
  if (!bytes) throw new Error(`no manifest for ${id}`);
  return { manifest: JSON.parse(bytes.toString('utf8')) as BackupManifest, sha256: sha256(bytes) };
};

/** Flips one byte in the middle of a stored object. */
export const corrupt = async (bucket: string, key: string) => {
  const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
};
