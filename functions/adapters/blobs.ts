import { createHash } from 'node:crypto';
import { PassThrough, type Readable, Transform, type TransformCallback } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3 } from './clients.ts';

/**
 * The blob store: the few S3 operations backups and exports need, with SHA-256 of what is stored
 * computed on the way through, so no object is ever read back just to be hashed.
 */
export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Stores a small object whole; returns the SHA-256 and size of the bytes stored. */
export const putBytes = async (
  bucket: string,
  key: string,
  body: string | Uint8Array,
  contentType: string,
): Promise<{ sha256: string; bytes: number }> => {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }));
  return { sha256: sha256(bytes), bytes: bytes.byteLength };
};

export const putJson = (bucket: string, key: string, value: unknown) =>
  putBytes(bucket, key, `${JSON.stringify(value, null, 2)}\n`, 'application/json');

const isMissing = (error: unknown) =>
  error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey';

/** A whole (small) object, or undefined when it does not exist. */
export const getBytes = async (bucket: string, key: string): Promise<Buffer | undefined> => {
  try {
    const result = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await result.Body!.transformToByteArray());
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
};

/** An object as a stream, or undefined when it does not exist. */
export const getStream = async (bucket: string, key: string): Promise<Readable | undefined> => {
  try {
    const result = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return result.Body as Readable;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
};

/** Keys under a prefix, or the next level of "folders" under it when `delimiter` is given. */
export const listKeys = async (
  bucket: string,
  prefix: string,
  delimiter?: string,
): Promise<{ keys: { key: string; size: number }[]; prefixes: string[] }> => {
  const keys: { key: string; size: number }[] = [];
  const prefixes: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, ContinuationToken }),
    );
    for (const o of page.Contents ?? []) keys.push({ key: o.Key!, size: o.Size ?? 0 });
    for (const p of page.CommonPrefixes ?? []) prefixes.push(p.Prefix!);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return { keys, prefixes };
};

export const deleteKeys = async (bucket: string, keys: readonly string[]): Promise<void> => {
  for (let i = 0; i < keys.length; i += 1000) {
    await s3().send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
      }),
    );
  }
};

export const deletePrefix = async (bucket: string, prefix: string): Promise<number> => {
  const { keys } = await listKeys(bucket, prefix);
  await deleteKeys(
    bucket,
    keys.map((k) => k.key),
  );
  return keys.length;
};

/** Counts and hashes the bytes flowing through. */
export class Tally extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Streams whatever is written to the returned stream into one object (multipart when large), with
 * constant memory: lib-storage buffers at most `queueSize` parts of `partSize` bytes. Resolves with
 * the SHA-256 and size of the bytes stored once `done` is awaited.
 */
export const uploadStream = (
  bucket: string,
  key: string,
  options: { contentType: string; contentDisposition?: string; contentEncoding?: string },
) => {
  const tally = new Tally();
  const body = new PassThrough();
  tally.pipe(body);
  const upload = new Upload({
    client: s3(),
    params: {
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: options.contentType,
      ContentDisposition: options.contentDisposition,
      ContentEncoding: options.contentEncoding,
    },
    queueSize: 2,
    partSize: 5 * 1024 * 1024,
    leavePartsOnError: false,
  });
  const uploaded = upload.done();
  // A failed upload stops consuming; fail the writer too instead of leaving it waiting for drain. The
  // error itself is reported from `done`.
  uploaded.catch((error: Error) => tally.destroy(error));
  return {
    stream: tally as Transform,
    done: async () => {
      await uploaded;
      return { sha256: tally.digest(), bytes: tally.bytes };
    },
    abort: () => upload.abort(),
  };
};

/** A GET link that works without credentials until it expires. */
export const presignGet = (bucket: string, key: string, expiresInSeconds: number) =>
  getSignedUrl(s3(), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds });
