import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** A file opened for streaming, gunzipped when its first bytes say gzip; `bytesRead` counts bytes on disk. */
export interface FileSource {
  /** The decompressed bytes; iterate it once. */
  chunks: AsyncIterable<Buffer>;
  /** Size on disk, the denominator of a progress percentage (compressed size for .gz). */
  totalBytes: number;
  bytesRead(): number;
  gzipped: boolean;
}

async function startsWithGzipMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Opens a plain or gzip file. Detection reads the magic bytes rather than trusting the name, so a `.csv` that is
 * really gzip (or a `.gz` that is not) still reads. Errors of either stream surface while iterating `chunks`;
 * leaving the loop early closes the file.
 */
export async function openFileSource(file: string): Promise<FileSource> {
  const { size } = await stat(file);
  const gzipped = await startsWithGzipMagic(file);
  const raw = createReadStream(file, { highWaterMark: 1 << 16 });
  let read = 0;
  if (!gzipped) {
    const chunks = (async function* () {
      for await (const chunk of raw as AsyncIterable<Buffer>) {
        read += chunk.length;
        yield chunk;
      }
    })();
    return { chunks, totalBytes: size, bytesRead: () => read, gzipped };
  }
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  raw.on('error', (error) => gunzip.destroy(error));
  // pipe() already drives raw in flowing mode with back-pressure, so one more 'data' listener only counts.
  raw.on('data', (chunk: Buffer | string) => {
    read += chunk.length;
  });
  raw.pipe(gunzip);
  gunzip.on('close', () => raw.destroy());
  return { chunks: gunzip as AsyncIterable<Buffer>, totalBytes: size, bytesRead: () => read, gzipped };
}
