/**
 * How records are grouped for conversion, shared by NDJSON records and streamed documents: runs
 * of same-name records, at most BATCH_RECORDS of them spanning at most BATCH_SPAN_BYTES, are
 * read back from the input in one read and converted in one fast-xml-parser call (see
 * xml-to-value.ts for why batching pays).
 */
import type { FileHandle } from 'node:fs/promises';

export const BATCH_RECORDS = 1000;
export const BATCH_SPAN_BYTES = 1024 * 1024;

/** A record's bytes in the input: `<` of its start tag through the end of its end tag. */
export interface RecordRange {
  start: number;
  end: number;
}

/** True when the record `name` ending at `end` cannot join the batch of records named `batchName`. */
export function endsBatch(
  batch: readonly RecordRange[],
  batchName: string,
  name: string,
  end: number,
): boolean {
  const first = batch[0];
  return (
    first !== undefined &&
    (name !== batchName || batch.length >= BATCH_RECORDS || end - first.start > BATCH_SPAN_BYTES)
  );
}

/** Reads input bytes [start, end). */
export async function readRange(input: FileHandle, start: number, end: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(end - start);
  let filled = 0;
  while (filled < bytes.length) {
    const { bytesRead } = await input.read(bytes, filled, bytes.length - filled, start + filled);
    if (bytesRead === 0) throw new Error(`input ended inside a record at byte ${start + filled}`);
    filled += bytesRead;
  }
  return bytes;
}
