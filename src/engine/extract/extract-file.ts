/** The extract task for one whole file (a file that is not split), inside a worker. */
import { rm } from 'node:fs/promises';
import type { FileResult } from '../../shared/results';
import type { FileRef, TaskContext } from '../tasks/types';
import { extractRange, extractRowTag, extractWarnings } from './extract-range';
import { rowPartPath } from './row-part';

export async function extractFile(file: FileRef, ctx: TaskContext): Promise<FileResult> {
  const started = performance.now();
  const extraction = await extractRange({
    request: {
      path: file.path,
      fileSize: file.size,
      start: 0,
      root: null,
      entityUse: null,
      stop: null,
      limits: ctx.options.limits,
      signal: ctx.signal,
      onProgress: (done) => ctx.progress(file.path, { start: 0, end: file.size }, done),
    },
    options: ctx.options,
    ...(ctx.parquetLayout ? { parquetLayout: ctx.parquetLayout } : {}),
    source: file.relative,
    partPath: rowPartPath(ctx.outputDir, file.index, 0),
    namespaces: [],
  });
  const { scan } = extraction;
  const error = scan.error;
  const skipped = error !== null && ctx.options.extract.onError === 'skip-file';
  if (skipped && extraction.part !== null) await rm(extraction.part, { force: true });
  const rows = skipped ? 0 : extraction.rows;
  // Cut cells and bad values are in the table only when the rows are.
  const truncatedCells = rows === 0 ? 0 : extraction.truncatedCells;
  const badValues = skipped ? 0 : extraction.badValues;
  const warnings = extractWarnings(
    extractRowTag(ctx.options),
    {
      ...extraction,
      truncatedCells,
      badValues,
      firstBadValue: skipped ? null : extraction.firstBadValue,
    },
    error,
  );
  return {
    file: file.path,
    index: file.index,
    task: 'extract',
    ok: error === null,
    bytes: file.size,
    elements: scan.elements,
    errorMode: 'first-fatal',
    errors: error ? [error] : [],
    encoding: scan.encoding,
    durationMs: performance.now() - started,
    workerId: ctx.workerId,
    attempts: 1,
    // A cancelled file has no rows to report.
    ...(error?.kind === 'cancelled' ? {} : { extract: { rows, badValues } }),
    ...(warnings ? { warnings } : {}),
  };
}
