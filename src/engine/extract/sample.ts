/**
 * Reads the first records of the inputs on the main side, for inference and the UI's preview.
 * Bounded twice: at most `budgetBytes` of input in all (files in input order), and in slices of
 * SLICE_BYTES with a turn of the event loop between them, so a desktop app's main process (or
 * `xmlpool serve`) stays responsive while it samples. A file that is malformed, unreadable or in
 * an encoding the scanner rejects simply ends its part of the sample.
 */
import { open } from 'node:fs/promises';
import type { ScanLimits } from '../../shared/tasks';
import { yieldToEventLoop } from '../tasks/read-file';
import { type ScanPosition, XmlStreamScanner } from '../xml';
import { type NamespaceScope, type RecordBuilder, RecordEvents, rowTagTest } from './record-events';

/** How much of the inputs inference reads: the first 4 MiB, in input order. */
export const INFERENCE_SAMPLE_BYTES = 4 * 1024 * 1024;

const SLICE_BYTES = 64 * 1024;

export interface SampleOptions {
  rowTag: string;
  bindings: readonly { prefix: string; uri: string }[];
  namespaces: NamespaceScope | null;
  limits: ScanLimits;
  budgetBytes: number;
  /** Stop once this returns true (checked between slices). */
  enough?: () => boolean;
  signal?: AbortSignal;
}

export interface SampleOutcome {
  bytes: number;
  records: number;
  /** Files the sample read from. */
  files: number;
}

/** Feeds the records of `paths` (in order) to `builder` until the budget is spent. */
export async function sampleRecords(
  paths: readonly string[],
  builder: RecordBuilder,
  options: SampleOptions,
  onScanner?: (position: () => ScanPosition | null) => void,
): Promise<SampleOutcome> {
  let budget = options.budgetBytes;
  let records = 0;
  let files = 0;
  for (const path of paths) {
    if (budget <= 0 || options.enough?.() || options.signal?.aborted) break;
    files++;
    // A file that ended in an error leaves its open elements' declarations behind.
    options.namespaces?.reset();
    const events = new RecordEvents(builder, {
      isRowTag: rowTagTest(options.rowTag, options.bindings),
      namespaces: options.namespaces,
    });
    const scanner = new XmlStreamScanner(events, { limits: options.limits, textStrings: true });
    onScanner?.(() => scanner.position());
    try {
      budget -= await feed(path, scanner, budget, options);
    } catch {
      // A sample ends at a file's first error; the records before it still count.
    }
    records += events.records;
  }
  return { bytes: options.budgetBytes - budget, records, files };
}

/** Scans up to `budget` bytes of one file; returns the bytes read. */
async function feed(
  path: string,
  scanner: XmlStreamScanner,
  budget: number,
  options: SampleOptions,
): Promise<number> {
  const handle = await open(path, 'r');
  let read = 0;
  try {
    const buffer = Buffer.allocUnsafe(SLICE_BYTES);
    while (read < budget) {
      if (options.enough?.() || options.signal?.aborted) return read;
      const { bytesRead } = await handle.read(
        buffer,
        0,
        Math.min(SLICE_BYTES, budget - read),
        read,
      );
      if (bytesRead === 0) {
        scanner.end();
        return read;
      }
      read += bytesRead;
      scanner.write(buffer.subarray(0, bytesRead));
      await yieldToEventLoop();
    }
    return read;
  } finally {
    await handle.close();
  }
}
