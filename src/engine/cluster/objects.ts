/**
 * File bytes through the job's object bucket: inputs up to the workers, convert outputs and
 * parts back to the dispatcher. A download is checked against the size its sender declared
 * (and the object store checks its SHA-256 digest), and is written under a name the receiver
 * chose itself: atomically (temp file, then rename), so no half-written file is ever visible.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ObjectStore } from '@nats-io/obj';
import { AtomicFile } from '../fs/atomic-file';
import { fsPath } from '../fs/escaped-path';

/** Stores the file at `path` as object `name`; resolves with the bytes stored. */
export async function putFile(store: ObjectStore, name: string, path: string): Promise<number> {
  // Node's stream and the web stream type the store takes differ only in their generics.
  const stream: ReadableStream<Uint8Array> = Readable.toWeb(createReadStream(fsPath(path)));
  const info = await store.put({ name }, stream);
  return info.size;
}

export class ObjectSizeError extends Error {
  override name = 'ObjectSizeError';
}

/**
 * Writes object `name` to `path` (atomically), refusing one whose size is not `expectedSize`,
 * or over `maxSize` when the size is not known in advance.
 */
export async function getFile(
  store: ObjectStore,
  name: string,
  path: string,
  size: { expected: number } | { max: number },
): Promise<void> {
  const info = await store.info(name);
  if (info === null || info.deleted) throw new Error(`object ${name} is missing`);
  if ('expected' in size ? info.size !== size.expected : info.size > size.max) {
    throw new ObjectSizeError(
      `object ${name} holds ${info.size} bytes, ${'expected' in size ? `not the ${size.expected} announced` : `more than the limit of ${size.max}`}`,
    );
  }
  const result = await store.get(name);
  if (result === null) throw new Error(`object ${name} is missing`);
  const target = await AtomicFile.create(path);
  try {
    const reader = result.data.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await target.writeBytes(value);
    }
    const failure = await result.error;
    if (failure) throw failure;
    if (target.bytesWritten !== info.size) {
      throw new ObjectSizeError(
        `object ${name}: ${target.bytesWritten} of ${info.size} bytes arrived`,
      );
    }
    await target.commit();
  } catch (error) {
    await target.discard();
    throw error;
  }
}

/** Deletes objects, ignoring ones already gone. */
export async function deleteObjects(store: ObjectStore, names: readonly string[]): Promise<void> {
  await Promise.all(names.map((name) => store.delete(name).catch(() => undefined)));
}
