/**
 * Runs one chunk of a split file inside a worker. The first chunk scans from byte 0 (it must see
 * the prolog and the root start tag); any other chunk starts at the first row candidate at or
 * after its range start, or at the verified start it was given when re-run, and scans inside the
 * root as a sequential scan would. Every chunk stops just before the first row that starts at or
 * after its range end, and a chunk whose first candidate already lies there scans nothing, so a
 * chunk holds exactly the rows that start in its range, and consecutive chunks tile the file when
 * their candidates were genuine.
 */
import { open } from 'node:fs/promises';
import { recordsFromEvents } from '../convert/fast-path/convert-from-events';
import { fastPathRefusal } from '../convert/fast-path/fast-path-scope';
import type { NdjsonRecords } from '../convert/ndjson-records';
import { outputPathFor } from '../convert/output-path';
import { AtomicFile, OutputWriteError } from '../fs/atomic-file';
import { fsPath } from '../fs/escaped-path';
import { checkStillAsPlanned, FileChangedError } from '../fs/file-stamp';
import { tempPathBeside } from '../fs/temp-files';
import type { ChunkUnit, TaskContext } from '../tasks/types';
import { toXmlError } from '../tasks/validate';
import { isChunkContext } from './chunk-context-guard';
import { chunkResult, chunkScanRequest } from './chunk-scan';
import { findRowCandidate } from './find-row-candidate';
import { scanRange } from './scanner-port';
import type { ChunkResult } from './types';

/**
 * Name of the part file a convert chunk writes: a temp file's name (temp-files.ts), so a killed
 * run's parts are recognised and removed; unique per run, so a re-run never collides.
 */
export function partPathFor(output: string, seq: number, start: number): string {
  return tempPathBeside(output, `part-${seq}-${start}`);
}

/** A chunk result that covers no bytes at `at`. */
export function nothingScanned(seq: number, workerId: number, at: number): ChunkResult {
  return {
    seq,
    workerId,
    start: at,
    stop: at,
    found: true,
    reachedEnd: false,
    lineBreaks: 0,
    charsSinceLastBreak: 0,
    elements: 0,
    entityUse: { expansions: 0, expandedChars: 0 },
    error: null,
    stats: null,
    convert: null,
    extract: null,
  };
}

/** A chunk that could not write its output: nothing scanned, an 'output' error. */
function outputFailed(seq: number, workerId: number, at: number, message: string): ChunkResult {
  return {
    ...nothingScanned(seq, workerId, at),
    error: { kind: 'output', line: null, column: null, offset: null, message },
  };
}

export async function runChunk(unit: ChunkUnit, ctx: TaskContext): Promise<ChunkResult> {
  const { chunk, file } = unit;
  const context = chunk.context;
  if (!isChunkContext(context))
    throw new Error(`chunk ${chunk.seq} of ${file.path} has no valid split context`);
  const { seq, range } = chunk;
  const handle = await open(fsPath(file.path), 'r');
  let part: AtomicFile | null = null;
  let output = '';
  try {
    const start =
      context.startAt ??
      (range.start === 0
        ? 0
        : await findRowCandidate(handle, context.rowTag, range.start, file.size));
    if (start === null) return { ...nothingScanned(seq, ctx.workerId, range.start), found: false };
    // A record longer than a chunk: the first candidate lies past this range, so its records are
    // a later chunk's. Taking the first of them here would make the chunk's records depend on
    // where the search began instead of on the range (and Parquet's row groups follow chunks).
    if (start >= range.end) return nothingScanned(seq, ctx.workerId, start);
    if (ctx.options.task === 'extract') {
      const { extractChunk } = await import('../extract/extract-chunk');
      return extractChunk(unit, context, start, ctx);
    }
    const request = chunkScanRequest(unit, context, start, ctx);
    let records: NdjsonRecords | null = null;
    if (ctx.options.task === 'convert') {
      const target = outputPathFor(file, ctx.outputDir, 'ndjson');
      if (!target.ok) return outputFailed(seq, ctx.workerId, start, target.message);
      output = target.path;
      try {
        part = await AtomicFile.create(partPathFor(output, seq, start));
      } catch (error) {
        if (!(error instanceof OutputWriteError)) throw error;
        return outputFailed(seq, ctx.workerId, start, error.message);
      }
      if (fastPathRefusal(ctx.options.convert, context.root) === null) {
        const fast = await recordsFromEvents(
          request,
          ctx.options.convert,
          context.root.rootName,
          part,
        );
        if (fast.unsupported === null) {
          const { scan, value } = fast;
          let error = scan.error;
          let convert: ChunkResult['convert'] = null;
          if (!error) {
            try {
              await part.commit();
              convert = {
                output,
                part: part.path,
                records: value.lines,
                rows: value.named.get(context.rowTag) ?? 0,
              };
              part = null;
            } catch (thrown) {
              if (!(thrown instanceof OutputWriteError)) throw thrown;
              error = toXmlError(thrown);
            }
          }
          return chunkResult(unit, ctx.workerId, start, scan, error, { convert, extract: null });
        }
        // A shape the fast path leaves to fast-xml-parser: start the part again.
        await part.discard();
        part = null;
        try {
          part = await AtomicFile.create(partPathFor(output, seq, start));
        } catch (error) {
          if (!(error instanceof OutputWriteError)) throw error;
          return outputFailed(seq, ctx.workerId, start, error.message);
        }
      }
      // Loaded on first use: fast-xml-parser adds ~45 ms to every worker's start otherwise.
      const [{ xmlConverter }, { NdjsonRecords }] = await Promise.all([
        import('../convert/xml-to-value'),
        import('../convert/ndjson-records'),
      ]);
      const converter = xmlConverter(
        {
          options: ctx.options.convert,
          pathPrefix: context.root.rootName,
          maxDepth: ctx.options.limits.maxDepth,
        },
        context.root.entities,
        ctx.options.limits,
      );
      records = new NdjsonRecords({ input: handle, converter, output: part, from: start });
    }
    const scan = await scanRange({
      ...request,
      collectStats: ctx.options.task === 'stats',
      onRecord: records ? (from, to, name) => records.add(from, to, name) : null,
    });
    let convert: ChunkResult['convert'] = null;
    let error = scan.error;
    if (part && records && !error) {
      try {
        // Through the stop: the content after the chunk's last record is the chunk's.
        await records.finish(scan.stop);
        // The records were read back from the file after the scan: it must still be as planned.
        await checkStillAsPlanned(file.path, file);
        await part.commit();
        convert = {
          output,
          part: part.path,
          records: records.records,
          rows: records.elementsNamed(context.rowTag),
        };
        part = null;
      } catch (thrown) {
        // A part that cannot be written (ENOSPC...) fails the file with the system's reason,
        // and a file that changed meanwhile as changed.
        if (!(thrown instanceof OutputWriteError || thrown instanceof FileChangedError))
          throw thrown;
        error = toXmlError(thrown);
      }
    }
    return chunkResult(unit, ctx.workerId, start, scan, error, { convert, extract: null });
  } finally {
    if (part) await part.discard();
    await handle.close();
  }
}
