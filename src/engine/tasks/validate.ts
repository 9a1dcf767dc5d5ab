/**
 * The validate task: a streaming well-formedness check of one file with the engine's own scanner,
 * then, when the job has a schema, validity (src/engine/schema). Also home of scanFile(), the
 * read-and-scan loop the stats task shares.
 */
import type { FileResult, XmlError } from '../../shared/results';
import { HeapBudgetError } from '../convert/heap-budget';
import { BadValueError } from '../extract/bad-value-error';
import { OutputWriteError } from '../fs/atomic-file';
import { FileChangedError } from '../fs/file-stamp';
import { XmlScanError } from '../xml/errors';
import { toScanError } from '../xml/scan-error';
import type { XmlHandler } from '../xml/scanner';
import { XmlStreamScanner } from '../xml/stream-scanner';
import { FileReadError, ReadAbortedError, readFileChunks } from './read-file';
import type { FileRef, TaskContext } from './types';

export interface ScanFileOutcome {
  result: FileResult;
  /** The scan got through the whole file without an error. */
  complete: boolean;
}

/**
 * Reads `file` in chunks through the scanner and builds its FileResult (never throws). `onChunk`
 * sees each chunk after the scanner, for a caller that needs the bytes too (schema validation
 * hands them to libxml2 rather than reading the file a second time).
 */
export async function scanFile(
  file: FileRef,
  ctx: TaskContext,
  handler: XmlHandler,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<ScanFileOutcome> {
  const started = performance.now();
  const scanner = new XmlStreamScanner(handler, { limits: ctx.options.limits });
  const range = { start: 0, end: file.size };
  let errors: XmlError[] = [];
  let bytes = file.size;
  try {
    bytes = await readFileChunks(
      file.path,
      (chunk, done) => {
        scanner.write(chunk);
        onChunk?.(chunk);
        ctx.progress(file.path, range, done);
      },
      { signal: ctx.signal, planned: file },
    );
    scanner.end();
  } catch (error) {
    errors = [toXmlError(error)];
  }
  const result: FileResult = {
    file: file.path,
    index: file.index,
    task: ctx.options.task,
    ok: errors.length === 0,
    bytes,
    elements: scanner.core?.elements ?? 0,
    errorMode: 'first-fatal',
    errors,
    encoding: scanner.encoding,
    durationMs: performance.now() - started,
    workerId: ctx.workerId,
    attempts: 1,
  };
  return { result, complete: errors.length === 0 };
}

export function toXmlError(error: unknown): XmlError {
  if (error instanceof XmlScanError) return toScanError(error);
  // Thrown by extract's row builder under --on-bad-value fail.
  if (error instanceof BadValueError) return error.error;
  const at = { line: null, column: null, offset: null };
  if (error instanceof FileReadError) return { kind: 'io', ...at, message: error.message };
  if (error instanceof FileChangedError) return { kind: 'changed', ...at, message: error.message };
  // Thrown by convert's record callbacks, which run inside the scan.
  if (error instanceof HeapBudgetError) return { kind: 'oom', ...at, message: error.message };
  // Thrown by convert's record callbacks when its output cannot be written (ENOSPC...).
  if (error instanceof OutputWriteError) return { kind: 'output', ...at, message: error.message };
  if (error instanceof ReadAbortedError) return { kind: 'cancelled', ...at, message: 'cancelled' };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'crash', ...at, message: `internal error while scanning: ${message}` };
}

export async function validateFile(file: FileRef, ctx: TaskContext): Promise<FileResult> {
  if (ctx.options.schema.mode === 'none') return (await scanFile(file, ctx, {})).result;
  // Loaded for schema jobs only: it brings libxml2 (WebAssembly, ~95 ms to load per worker).
  const { validateAgainstSchema } = await import('../schema/validate-against-schema');
  return validateAgainstSchema(file, ctx);
}
