/**
 * A check before the convert task's big allocations. A worker thread that reaches its heap limit
 * (resourceLimits) in one large allocation, such as decoding a 40 MB file into a string, does not
 * fail alone: V8 aborts the whole process, and every other file's result with it
 * (nodejs/node#47224). So the convert task estimates what fast-xml-parser will need and refuses a
 * file up front, with a clear message, when this worker's heap has not that much left.
 *
 * The estimates come from measurements of fast-xml-parser 5 on Node 20: a whole-tree parse peaked
 * at about 4 bytes of heap per byte of text plus 350 bytes per element (a 38 MB file of 1.6
 * million elements fits in a 1 GB heap, a 66 MB file of 2.8 million does not).
 */
import { getHeapStatistics } from 'node:v8';

const HEAP_PER_BYTE = 4;
const HEAP_PER_ELEMENT = 350;
/** A batch of records: its elements are unknown, so each byte is counted for more. */
const HEAP_PER_RECORD_BYTE = 6;

export class HeapBudgetError extends Error {
  override name = 'HeapBudgetError';
}

/** Heap a whole-tree parse of `bytes` of XML holding `elements` elements needs, about. */
export function wholeParseHeap(bytes: number, elements: number): number {
  return bytes * HEAP_PER_BYTE + elements * HEAP_PER_ELEMENT;
}

/** Heap converting a batch of records spanning `bytes` needs, about. */
export function recordsHeap(bytes: number): number {
  return bytes * HEAP_PER_RECORD_BYTE;
}

const mb = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

/** Throws HeapBudgetError when this isolate's heap has less than `needed` bytes left. */
export function ensureHeapFor(needed: number, what: string): void {
  const heap = getHeapStatistics();
  if (needed <= heap.total_available_size) return;
  throw new HeapBudgetError(
    `${what} needs about ${mb(needed)} of memory, more than this worker has left under its ` +
      `${mb(heap.heap_size_limit)} heap limit; raise --memory-mb`,
  );
}
