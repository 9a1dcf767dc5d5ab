/**
 * Decides whether one file is split into record-aligned chunks, and where the chunk ranges lie.
 * Only the head of the file is read. The rule is "never split when it can't be done correctly":
 * anything unusual (another encoding, no root in the head, an unsure row tag) means no split,
 * and the file runs as one unit.
 */
import type { JobOptions } from '../../shared/tasks';
import { PARQUET_GRID_BYTES } from '../extract/table/parquet-layout';
import type { ChunkSpec, FileRef } from '../tasks/types';
import { detectRowTag } from './detect-row-tag';
import { literalRowTag } from './row-tag-literal';
import { readRootContext } from './scanner-port';
import type { ChunkContext, SplitPlan, SplitTuning } from './types';

const MIB = 1024 * 1024;

/**
 * Files under 16 MiB gain little from splitting. Chunks of 8–32 MiB keep per-chunk overhead
 * (opening the file, one message each way) far below the scan time, and about four chunks per
 * worker let fast workers take over from slow ones.
 */
export const DEFAULT_SPLIT_TUNING: SplitTuning = {
  minFileBytes: 16 * MIB,
  minChunkBytes: 8 * MIB,
  maxChunkBytes: 32 * MIB,
  chunksPerWorker: 4,
  headBytes: 1 * MIB,
  gridBytes: PARQUET_GRID_BYTES,
};

/** Encodings in which a `<` byte is always the character `<`, so a byte search finds rows. */
const SPLITTABLE_ENCODINGS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** A plain element name: no whitespace or markup characters that would break the byte search. */
const ROW_TAG_SHAPE = /^[^\s<>/='"&!?]+$/u;

/** `bytes` rounded up to a multiple of `align`. */
function alignUp(bytes: number, align: number): number {
  return Math.ceil(bytes / align) * align;
}

/**
 * The chunks' byte ranges. With `align` above 1, every range but the file's last ends on a
 * multiple of it, so the chunks are whole cells of that grid (see parquet-layout.ts).
 */
export function chunkRanges(
  fileSize: number,
  contentOffset: number,
  workers: number,
  tuning: SplitTuning,
  align = 1,
): { start: number; end: number }[] {
  const clamp = (bytes: number): number =>
    Math.min(tuning.maxChunkBytes, Math.max(tuning.minChunkBytes, bytes));
  const pool = Math.max(1, workers);
  const first = clamp(Math.ceil(fileSize / (pool * tuning.chunksPerWorker)));
  // Then a whole number of chunks per worker, all the same size: with 10 chunks of 32 MiB and a
  // short last one, one of two workers scanned 20 MB more than the other while that one idled.
  const rounds = Math.ceil(Math.ceil(fileSize / first) / pool);
  const chunkBytes = alignUp(clamp(Math.ceil(fileSize / (rounds * pool))), align);
  const ranges: { start: number; end: number }[] = [];
  // The first chunk reads the prolog and the root start tag, so it always reaches past them.
  let start = 0;
  while (start < fileSize) {
    const end = Math.min(fileSize, Math.max(start + chunkBytes, alignUp(contentOffset + 1, align)));
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}

export async function planSplit(
  file: FileRef,
  rowTag: string | 'auto',
  workers: number,
  options: JobOptions,
  tuning: Partial<SplitTuning> = {},
): Promise<SplitPlan | null> {
  const rules: SplitTuning = { ...DEFAULT_SPLIT_TUNING, ...tuning };
  if (file.size < rules.minFileBytes) return null;
  const head = await readRootContext(file.path, rules.headBytes, options.limits);
  if (!head.ok) return null;
  const root = head.root;
  if (!SPLITTABLE_ENCODINGS.has(root.encoding.toLowerCase())) return null;

  let chosen: string | null;
  const detected = rowTag === 'auto';
  if (detected) {
    chosen = await detectRowTag(file.path, root, rules.headBytes, options.limits);
  } else {
    chosen = rowTag;
  }
  if (chosen === null || !ROW_TAG_SHAPE.test(chosen) || chosen === root.rootName) return null;
  const bindings = options.task === 'extract' ? options.extract.namespaces : [];
  const written = literalRowTag(chosen, bindings, root.namespaces);
  if (written === null || written === root.rootName) return null;

  // A Parquet table's row groups never cross a line of a fixed grid of input bytes, so that the
  // workers can encode them (parquet-layout.ts): its chunks must be whole cells of that grid.
  const parquet = options.task === 'extract' && options.extract.format === 'parquet';
  const ranges = chunkRanges(
    file.size,
    root.contentOffset,
    workers,
    rules,
    parquet ? rules.gridBytes : 1,
  );
  if (ranges.length < 2) return null;
  const context: ChunkContext = { rowTag: written, root };
  const chunks: ChunkSpec[] = ranges.map((range, seq) => ({ seq, range, context }));
  return { rowTag: chosen, detected, encoding: root.encoding, chunks };
}
