/**
 * Joins the NDJSON part files written by a split convert's chunks, in file order, into the final
 * output, atomically, and removes the parts.
 */
import { open, rm } from 'node:fs/promises';
import { AtomicFile } from '../fs/atomic-file';

const COPY_BYTES = 4 * 1024 * 1024;

export async function joinParts(parts: readonly string[], output: string): Promise<void> {
  const target = await AtomicFile.create(output);
  try {
    const buffer = Buffer.allocUnsafe(COPY_BYTES);
    for (const part of parts) {
      const source = await open(part, 'r');
      try {
        for (;;) {
          const { bytesRead } = await source.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          await target.writeBytes(buffer.subarray(0, bytesRead));
        }
      } finally {
        await source.close();
      }
    }
    await target.commit();
  } catch (error) {
    await target.discard();
    throw error;
  }
  await removeParts(parts);
}

export async function removeParts(parts: readonly string[]): Promise<void> {
  await Promise.all(parts.map((part) => rm(part, { force: true })));
}
