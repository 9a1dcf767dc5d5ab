/**
 * Every file xmlpool writes appears whole or not at all: the data goes to a temp file in the same
 * folder (so the rename cannot cross file systems), is flushed to disk, and is then renamed over
 * the destination. On any failure the temp file is removed and the destination is untouched.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type AtomicData = string | Uint8Array | AsyncIterable<string | Uint8Array>;

export async function writeFileAtomic(path: string, data: AtomicData): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | null = null;
  try {
    handle = await open(temp, 'wx');
    if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
    else await writeBuffered(handle, data);
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

/** Many small pieces (one per result) are gathered into 64 KiB writes. */
async function writeBuffered(
  handle: FileHandle,
  data: AsyncIterable<string | Uint8Array>,
): Promise<void> {
  const limit = 64 * 1024;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of data) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= limit) {
      await handle.writeFile(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pendingBytes > 0) await handle.writeFile(Buffer.concat(pending));
}

/** Makes the rename itself durable. Not every platform can open a folder; that is not an error. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a folder; the rename is still atomic there.
  }
}
