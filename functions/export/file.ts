import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Tally, uploadStream } from '../adapters/blobs.ts';
import { type Column, FORMAT_INFO, type Format, type Written, writers } from './formats.ts';
import type { Row } from './sources.ts';

export interface FileStored {
  written: Written;
  /** Bytes and SHA-256 of the file as stored (compressed, when it is). */
  bytes: number;
  sha256: string;
  /** Bytes and SHA-256 of the content before compression. */
  contentBytes: number;
  contentSha256: string;
}

/**
 * Streams rows through a format (and gzip when asked) into one object of a bucket: the one file
 * writer behind record exports and saved reports' runs. Memory stays flat whatever the size; a
 * failure aborts the upload, leaving nothing behind.
 */
export const writeFile = async (
  rows: AsyncIterable<Row>,
  target: {
    bucket: string;
    key: string;
    fileName: string;
    format: Format;
    compression: 'none' | 'gzip';
    /** Table or sheet name. */
    name: string;
    columns?: Column[];
    provenance: string;
    onRow?: (rows: number) => void;
  },
): Promise<FileStored> => {
  const { format, compression } = target;
  const upload = uploadStream(target.bucket, target.key, {
    contentType: compression === 'gzip' ? 'application/gzip' : FORMAT_INFO[format].contentType,
    contentDisposition: `attachment; filename="${target.fileName}"`,
  });
  // Rows are written into `content` (which hashes them), then gzip if asked, then the upload.
  const content = new Tally();
  const plumbing =
    compression === 'gzip'
      ? pipeline(content, createGzip(), upload.stream)
      : pipeline(content, upload.stream);
  plumbing.catch((error: Error) => content.destroy(error));
  let written: Written;
  try {
    written = await writers[format](rows, content, {
      name: target.name,
      columns: target.columns,
      provenance: target.provenance,
      onRow: target.onRow,
    });
    content.end();
    await plumbing;
  } catch (error) {
    content.destroy(error as Error);
    await upload.abort().catch(() => undefined);
    throw error;
  }
  const stored = await upload.done();
  return { written, ...stored, contentBytes: content.bytes, contentSha256: content.digest() };
};
