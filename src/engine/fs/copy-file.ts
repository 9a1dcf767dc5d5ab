/** Copies a file to a destination atomically (through AtomicFile), in bounded memory. */
import { open } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file';

const COPY_BYTES = 1024 * 1024;

async function* chunksOf(path: string): AsyncGenerator<Uint8Array> {
  const source = await open(path, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(COPY_BYTES);
      const { bytesRead } = await source.read(buffer, 0, COPY_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await source.close();
  }
}

export async function copyFileAtomic(from: string, to: string): Promise<void> {
  await writeFileAtomic(to, chunksOf(from));
}
