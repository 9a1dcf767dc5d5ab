/** The extract task for one chunk of a split file, inside a worker (called by run-chunk.ts). */
import { chunkResult, chunkScanRequest } from '../split/chunk-scan';
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
  const extraction = await extractRange({
    request: chunkScanRequest(unit, context, start, ctx),
    options: ctx.options,
    ...(ctx.parquetLayout ? { parquetLayout: ctx.parquetLayout } : {}),
    source: unit.file.relative,
    partPath: chunkPartPath(ctx.outputDir, unit.file.index, unit.chunk.seq, start),
    namespaces: start === 0 ? [] : context.root.namespaces,
  });
  const { scan } = extraction;
  return chunkResult(unit, ctx.workerId, start, scan, scan.error, {
    convert: null,
    extract: {
      part: extraction.part,
      rows: extraction.rows,
      records: extraction.records,
      badValues: extraction.badValues,
      firstBadValue: extraction.firstBadValue,
      truncatedCells: extraction.truncatedCells,
    },
  });
}
