import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  ChainVerifier,
  DIGEST_FORMAT,
  type DigestBody,
  digestText,
  type StoredDigest,
  storedDigest,
} from '../../domain/audit/chain-verifier.ts';
import { GENESIS_HASH, sha256 } from '../../domain/audit/hash-chain.ts';
import type { StoredEvent } from '../../events/catalog.ts';
import { dynamo, s3 } from '../adapters/clients.ts';
import { readAll } from '../adapters/event-store.ts';
import { commitOf, type StoredCommit } from '../application/event-store-port.ts';
import { config } from '../runtime/config.ts';
import { bulkChain } from './bulk.ts';
import {
  auditTableName,
  chainedAmong,
  getMeta,
  isConflict,
  putMeta,
  queryPages,
  readEntries,
  readTail,
  seqKey,
  toStored,
} from './store.ts';

/**
 * Digests, as CloudTrail's log file integrity does it: every run seals the entries chained since the
 * previous digest in an object that names the range, the hash before it, the last hash, and the
 * previous digest's key and SHA-256. The objects go to a bucket with Object Lock in AWS (write once),
 * the index of them to the audit table. Verification fetches every digest and checks the chain
 * against them, so rewriting the table, even consistently, is caught at the next sealed range.
 */
export interface DigestIndex {
  key: string;
  sha256: string;
  fromSeq: number;
  toSeq: number;
  lastHash: string;
  createdAt: string;
}

export const listDigestIndex = async (): Promise<DigestIndex[]> => {
  const all: DigestIndex[] = [];
  for await (const items of queryPages({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'digest' },
    ConsistentRead: true,
  })) {
    // The table's keys stay here: callers (and the API) see the index entry, not how it is stored.
    for (const { pk: _pk, sk: _sk, ...entry } of items) all.push(entry as unknown as DigestIndex);
  }
  return all.sort((a, b) => a.toSeq - b.toSeq);
};

const readObject = async (key: string): Promise<string | undefined> => {
  try {
    const result = await s3().send(new GetObjectCommand({ Bucket: config.auditBucket, Key: key }));
    return (await result.Body?.transformToString('utf8')) ?? undefined;
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey' || (error as Error).name === 'NotFound') return undefined;
    throw error;
  }
};

export interface LoadedDigests {
  digests: StoredDigest[];
  /** Digests the index names whose object is gone, or whose bytes no longer match the index. */
  problems: { key: string; message: string; seq: number }[];
}

/** Every digest, fetched from S3 and hashed as read. */
export const loadDigests = async (): Promise<LoadedDigests> => {
  const index = await listDigestIndex();
  const digests: StoredDigest[] = [];
  const problems: LoadedDigests['problems'] = [];
  for (let i = 0; i < index.length; i += 8) {
    const batch = await Promise.all(
      index.slice(i, i + 8).map(async (d) => ({ d, bytes: await readObject(d.key) })),
    );
    for (const { d, bytes } of batch) {
      if (bytes === undefined) {
        problems.push({
          key: d.key,
          seq: d.fromSeq,
          message: `Digest ${d.key} is missing from the digest bucket`,
        });
        continue;
      }
      const stored = storedDigest(d.key, bytes);
      if (stored.sha256 !== d.sha256) {
        problems.push({
          key: d.key,
          seq: d.fromSeq,
          message: `Digest ${d.key} changed after it was written`,
        });
      }
      digests.push(stored);
    }
  }
  return { digests, problems };
};

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export type DigestOutcome =
  | { written: true; key: string; fromSeq: number; toSeq: number; lastHash: string }
  | { written: false; reason: string };

/**
 * Seals the entries chained since the last digest. Refuses (and says why) if that range does not
 * verify: sealing a tampered range would vouch for it.
 */
export const writeDigest = async (now = new Date()): Promise<DigestOutcome> => {
  const index = await listDigestIndex();
  const previous = index.at(-1);
  const tail = await readTail();
  const fromSeq = (previous?.toSeq ?? 0) + 1;
  if (!tail || tail.seq < fromSeq) return { written: false, reason: 'No entries since the last digest' };
  const previousHash = previous?.lastHash ?? GENESIS_HASH;
  const verifier = new ChainVerifier(
    previous ? { anchor: { seq: previous.toSeq, hash: previousHash, prevHash: '' } } : {},
  );
  let first: string | undefined;
  let last = '';
  for await (const items of readEntries(fromSeq, tail.seq)) {
    for (const item of items) {
      first ??= item.chainedAt;
      last = item.chainedAt;
      verifier.push(toStored(item));
    }
    if (verifier.done) break;
  }
  const result = verifier.finish(false);
  if (!result.ok)
    return { written: false, reason: `The range does not verify: ${result.firstBroken?.message}` };
  let previousDigest: DigestBody['previousDigest'] = null;
  if (previous) previousDigest = { key: previous.key, sha256: previous.sha256 };
  const createdAt = now.toISOString();
  const body: DigestBody = {
    format: DIGEST_FORMAT,
    stage: config.stage,
    fromSeq,
    toSeq: result.toSeq,
    entryCount: result.toSeq - fromSeq + 1,
    firstChainedAt: first ?? createdAt,
    lastChainedAt: last || createdAt,
    previousHash,
    lastHash: result.lastHash,
    previousDigest,
    createdAt,
  };
  const bytes = digestText(body);
  const key = `audit-digests/${createdAt.slice(0, 4)}/${createdAt.slice(5, 7)}/${createdAt.slice(8, 10)}/${stamp(createdAt)}_${seqKey(fromSeq).slice(2)}-${seqKey(body.toSeq).slice(2)}.json`;
  await s3().send(
    new PutObjectCommand({
      Bucket: config.auditBucket,
      Key: key,
      Body: Buffer.from(bytes),
      ContentType: 'application/json',
      Metadata: { sha256: sha256(bytes) },
    }),
  );
  const entry: DigestIndex = {
    key,
    sha256: sha256(bytes),
    fromSeq,
    toSeq: body.toSeq,
    lastHash: body.lastHash,
    createdAt,
  };
  try {
    await dynamo().send(
      new PutCommand({
        TableName: auditTableName(),
        Item: { pk: 'digest', sk: seqKey(body.toSeq), ...entry },
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
  } catch (error) {
    // Another run sealed the same range first; its digest stands, this object is an unused duplicate.
    if (isConflict(error)) return { written: false, reason: 'Another digest run sealed this range first' };
    throw error;
  }
  return { written: true, key, fromSeq, toSeq: body.toSeq, lastHash: body.lastHash };
};

/** Commits this recent may still be on their way to the consumer; reconciliation leaves them alone. */
const SETTLE_MS = 5 * 60_000;

/**
 * Completeness: chains every stored event the consumer never received (a delivery that exhausted its
 * retries, or history bulk-imported without the bus), from where the last run stopped up to a few
 * minutes ago, in bulk (bulk.ts). `settleMs: 0` catches up to now, for a quiet store right after an
 * import (see backfillAuditLog).
 */
export const reconcile = async (
  now = new Date(),
  options: { settleMs?: number; onProgress?: (progress: { checked: number; chained: number }) => void } = {},
): Promise<{ checked: number; chained: number }> => {
  const meta = await getMeta('reconcile');
  const after = meta?.afterCommitId as string | undefined;
  const until = new Date(now.getTime() - (options.settleMs ?? SETTLE_MS));
  let checked = 0;
  let lastCommitId = after;
  async function* missing() {
    for await (const page of readAll({ afterCommitId: after, until })) {
      const events = page.flatMap((c) => c.events);
      const done = await chainedAmong(events.map((e) => e.id));
      checked += events.length;
      lastCommitId = page.at(-1)?.commitId ?? lastCommitId;
      yield events.filter((e) => !done.has(e.id));
    }
  }
  const result = await bulkChain(missing(), {
    afterPage: async () => {
      await putMeta('reconcile', { afterCommitId: lastCommitId, at: now.toISOString() });
    },
    onProgress: ({ chained }) => options.onProgress?.({ checked, chained }),
  });
  return { checked, chained: result.chained };
};

/**
 * After a bulk import (the demo history, a restore into new tables): chains everything the store holds
 * that the log does not, up to now. Run it where the import runs, after rebuilding the views.
 */
export const backfillAuditLog = (onProgress?: (progress: { checked: number; chained: number }) => void) =>
  reconcile(new Date(), { settleMs: 0, onProgress });

/**
 * Chains a bulk import's history (the demo seed) where it is imported, from the commits in hand instead
 * of reading the store back, and moves reconciliation past it: its events were never published, so none
 * is chained yet and none will reach the consumer. Pages of `pageSize` events, written in parallel.
 */
export const chainImported = async (
  commits: readonly StoredCommit[],
  options: { pageSize?: number; onProgress?: (progress: { chained: number }) => void } = {},
): Promise<{ chained: number }> => {
  const size = options.pageSize ?? 1_000;
  async function* pages() {
    let page: StoredEvent[] = [];
    for (const commit of commits) {
      page.push(...commitOf(commit).events);
      if (page.length >= size) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }
  const result = await bulkChain(pages(), { unpublished: true, onProgress: options.onProgress });
  const last = commits.reduce<string | undefined>(
    (max, c) => (!max || c.commitId > max ? c.commitId : max),
    undefined,
  );
  const meta = await getMeta('reconcile');
  const after = meta?.afterCommitId as string | undefined;
  if (last && (!after || after < last))
    await putMeta('reconcile', { afterCommitId: last, at: new Date().toISOString() });
  return result;
};
