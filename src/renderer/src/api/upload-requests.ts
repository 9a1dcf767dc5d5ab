/**
 * How the files of one add are grouped into upload requests. Chromium spends about 10 ms of CPU
 * on every request, more than on a small file's bytes: one request per file made 2,000 small
 * files take 20 s. So small files travel many to a request (`POST /api/upload-batch`), while a
 * big file still goes alone as one streamed `PUT /api/upload`.
 */
import type { UploadBatchHeader } from '../../../shared/browser-protocol';

export interface BatchLimits {
  maxFiles: number;
  /** Also the size above which a file goes alone. */
  maxBytes: number;
}

/** Small enough that a batch uploads in a blink and progress moves often; big enough to matter. */
export const BATCH_LIMITS: BatchLimits = { maxFiles: 64, maxBytes: 1024 * 1024 };

export type UploadRequest<T> = { kind: 'single'; file: T } | { kind: 'batch'; files: T[] };

/** Groups `files`, in order, into batches within `limits`; files bigger than maxBytes go alone. */
export function groupIntoRequests<T>(
  files: readonly T[],
  sizeOf: (file: T) => number,
  limits: BatchLimits = BATCH_LIMITS,
): UploadRequest<T>[] {
  const requests: UploadRequest<T>[] = [];
  let batch: T[] = [];
  let batchBytes = 0;
  const closeBatch = () => {
    if (batch.length > 0) requests.push({ kind: 'batch', files: batch });
    batch = [];
    batchBytes = 0;
  };
  for (const file of files) {
    const size = sizeOf(file);
    if (size > limits.maxBytes) {
      requests.push({ kind: 'single', file });
      continue;
    }
    if (batch.length >= limits.maxFiles || batchBytes + size > limits.maxBytes) closeBatch();
    batch.push(file);
    batchBytes += size;
  }
  closeBatch();
  return requests;
}

/** The first line of a batch request's body (see UPLOAD_BATCH_PATH). */
export function batchHeaderLine(header: UploadBatchHeader): string {
  // JSON escapes every newline inside a path, so the first raw `\n` ends the header.
  return `${JSON.stringify(header)}\n`;
}
