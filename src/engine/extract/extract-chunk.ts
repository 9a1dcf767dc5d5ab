/** The extract task for one chunk of a split file, inside a worker (called by run-chunk.ts). */
import type { ChunkContext, ChunkResult } from '../split/types';
import type { ChunkUnit, TaskContext } from '../tasks/types';
import { extractRange } from './extract-range';
import { chunkPartPath } from './row-part';

export async function extractChunk(
  unit: ChunkUnit,
  context: ChunkContext,
  start: number,
  ctx: TaskContext,
): Promise<ChunkResult> {
  const { chunk, file } = unit;
  const { seq, range } = chunk;
  const progressRange = { start, end: Math.max(start, range.end) };
  const extraction = await extractRange({
    request: {
      path: file.path,
      fileSize: file.size,
      start,
      root: start === 0 ? null : context.root,
      entityUse: context.entityUse ?? null,
      stop: { rowTag: context.rowTag, fromOffset: Math.max(range.end, start + 1) },
      // The chunk plus a little, so the usual read finds the next row and the stop.
      readBytes: Math.max(range.end - start, 0) + 64 * 1024,
      limits: ctx.options.limits,
      signal: ctx.signal,
      onProgress: (bytesDone) => ctx.progress(file.path, progressRange, bytesDone),
    },
    options: ctx.options,
    source: file.relative,
    partPath: chunkPartPath(ctx.outputDir, file.index, seq, start),
    namespaces: start === 0 ? [] : context.root.namespaces,
  });
  const { scan } = extraction;
  return {
    seq,
    workerId: ctx.workerId,
    start,
    stop: scan.stop,
    found: true,
    reachedEnd: scan.reachedEnd,
    lineBreaks: scan.lineBreaks,
    charsSinceLastBreak: scan.charsSinceLastBreak,
    elements: scan.elements,
    entityUse: scan.entityUse,
    error: scan.error,
    stats: null,
    convert: null,
    extract: {
      part: extraction.part,
      rows: extraction.rows,
      records: extraction.records,
      badValues: extraction.badValues,
      firstBadValue: extraction.firstBadValue,
      truncatedCells: extraction.truncatedCells,
    },
  };
}
