/**
 * What every task's chunk of a split file scans, and the result it reports: the same range and
 * stop for validate, stats, convert and extract, so their chunks tile the file alike.
 */
import type { XmlError } from '../../shared/results';
import type { ChunkUnit, TaskContext } from '../tasks/types';
import type { RangeScan, RangeScanRequest } from './scanner-port';
import type { ChunkContext, ChunkResult } from './types';

export type ChunkScanRequest = Omit<
  RangeScanRequest,
  'onRecord' | 'events' | 'afterChunk' | 'collectStats'
>;

/** The scan of a chunk from `start` (byte 0, or a row's `<`) to just before its next row. */
export function chunkScanRequest(
  unit: ChunkUnit,
  context: ChunkContext,
  start: number,
  ctx: TaskContext,
): ChunkScanRequest {
  const { file, chunk } = unit;
  const progressRange = { start, end: Math.max(start, chunk.range.end) };
  return {
    path: file.path,
    fileSize: file.size,
    start,
    root: start === 0 ? null : context.root,
    entityUse: context.entityUse ?? null,
    stop: { rowTag: context.rowTag, fromOffset: Math.max(chunk.range.end, start + 1) },
    // The chunk plus a little, so the usual read finds the next row and the stop.
    readBytes: Math.max(chunk.range.end - start, 0) + 64 * 1024,
    limits: ctx.options.limits,
    signal: ctx.signal,
    planned: file,
    onProgress: (bytesDone: number) => ctx.progress(file.path, progressRange, bytesDone),
  };
}

/** A chunk's result from its scan, with what its task produced. */
export function chunkResult(
  unit: ChunkUnit,
  workerId: number,
  start: number,
  scan: RangeScan,
  error: XmlError | null,
  outputs: Pick<ChunkResult, 'convert' | 'extract'>,
): ChunkResult {
  return {
    seq: unit.chunk.seq,
    workerId,
    start,
    stop: scan.stop,
    found: true,
    reachedEnd: scan.reachedEnd,
    lineBreaks: scan.lineBreaks,
    charsSinceLastBreak: scan.charsSinceLastBreak,
    elements: scan.elements,
    entityUse: scan.entityUse,
    error,
    stats: scan.stats,
    ...outputs,
  };
}
