import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { constants, createZstdCompress, createZstdDecompress } from 'node:zlib';
import { Tally, uploadStream } from '../adapters/blobs.ts';

/**
 * Backup parts: newline-delimited JSON, zstd-compressed with zstd's own frame checksum on top of the
 * SHA-256 the manifest keeps. Written and read as streams, so a part of any size costs constant memory.
 */
export const ZSTD_LEVEL = 3;

/** Joins small strings into chunks of about 64 KB: zlib's streams pay per chunk, a line is too small. */
async function* batched(lines: AsyncIterable<string>, size = 65_536): AsyncGenerator<string> {
  let parts: string[] = [];
  let length = 0;
  for await (const line of lines) {
    parts.push(line);
    length += line.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

/** Streams `lines` into one compressed object; resolves with its stored size, SHA-256 and raw size. */
export const writePart = async (bucket: string, key: string, lines: AsyncIterable<string>) => {
  const raw = new Tally();
  const upload = uploadStream(bucket, key, { contentType: 'application/zstd' });
  try {
    await pipeline(
      Readable.from(batched(lines), { objectMode: false }),
      raw,
      createZstdCompress({
        params: { [constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL, [constants.ZSTD_c_checksumFlag]: 1 },
      }),
      upload.stream,
    );
    const stored = await upload.done();
    return { ...stored, uncompressedBytes: raw.bytes };
  } catch (error) {
    await upload.abort().catch(() => undefined);
    throw error;
  }
};

/** Splits text into lines across chunk boundaries (multi-byte characters included). */
class Lines extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private rest = '';

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    const text = this.rest + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.rest = lines.pop()!;
    for (const line of lines) this.push(line);
    callback();
  }

  override _flush(callback: TransformCallback) {
    const last = this.rest + this.decoder.end();
    if (last) this.push(last);
    callback();
  }
}

export class PartDecompressError extends Error {
  override name = 'PartDecompressError';
}

/**
 * Reads a stored part line by line. `onLine` may be async (the caller's backpressure). Resolves with
 * the SHA-256 and size of the stored bytes and the size decompressed; a part that does not decompress
 * rejects with PartDecompressError.
 */
export const readPart = async (
  body: Readable,
  onLine: (line: string, lineNumber: number) => void | Promise<void>,
): Promise<{ sha256: string; bytes: number; uncompressedBytes: number }> => {
  const stored = new Tally();
  const raw = new Tally();
  const decompress = createZstdDecompress();
  decompress.on('error', (error) => {
    (error as Error & { fromZstd?: boolean }).fromZstd = true;
  });
  let lineNumber = 0;
  try {
    await pipeline(body, stored, decompress, raw, new Lines(), async (source: AsyncIterable<string>) => {
      for await (const line of source) {
        lineNumber += 1;
        await onLine(line, lineNumber);
      }
    });
  } catch (error) {
    if ((error as { fromZstd?: boolean }).fromZstd) throw new PartDecompressError((error as Error).message);
    throw error;
  }
  return { sha256: stored.digest(), bytes: stored.bytes, uncompressedBytes: raw.bytes };
};
