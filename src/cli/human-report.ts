/**
 * The report for a person at a terminal (stdout is a TTY and no --format was asked for): each
 * failing file as `file:line:col: kind error: message`, compiler style, so editors and terminals
 * turn it into a link; the source line of the first error, with a caret under it when its column
 * is known; warnings; then one summary line with the counts, bytes, time and throughput.
 */
import { isAbsolute, relative } from 'node:path';
import type { JobSummary } from '../engine/job';
import type { FileResult } from '../shared/results';
import { formatBytes, formatCount, formatDuration } from './format';
import { canShowSource, type SourceContext, sourceContext } from './source-line';
import { forTerminal } from './terminal-text';

/** What the summary needs of a finished run. */
export type RunFigures = Pick<
  JobSummary,
  'state' | 'files' | 'ok' | 'failed' | 'cancelled' | 'bytes' | 'bytesDone' | 'elapsedMs'
> &
  Partial<Pick<JobSummary, 'table'>>;

export interface HumanReportOptions {
  /** Names are shown relative to this folder when they lie inside it. */
  cwd: string;
  /** Terminal width, for the source line. */
  columns: number;
  /** Reads the context of an error; by default from the file on disk. */
  readSource?: (path: string, offset: number, width: number) => Promise<SourceContext | null>;
}

export async function* humanReport(
  results: AsyncIterable<FileResult>,
  figures: RunFigures,
  options: HumanReportOptions,
): AsyncGenerator<string> {
  const readSource = options.readSource ?? sourceContext;
  let contextShown = false;
  for await (const result of results) {
    const name = displayName(result.file, options.cwd);
    const error = result.errors[0];
    if (!result.ok && error !== undefined && error.kind !== 'cancelled') {
      const where =
        error.line === null
          ? name
          : `${name}:${error.line}${error.column === null ? '' : `:${error.column}`}`;
      yield `${where}: ${error.kind} error: ${forTerminal(error.message)}\n`;
      if (!contextShown && error.offset !== null && canShowSource(result.encoding)) {
        contextShown = true;
        const context = await readSource(result.file, error.offset, options.columns - 4);
        if (context !== null) {
          yield `    ${context.line}\n`;
          // Without a column the offset is only the line's start: a caret there would point
          // at something the error is not about.
          if (error.column !== null) yield `    ${context.caret}\n`;
        }
      }
    }
    for (const warning of result.warnings ?? []) {
      yield `${name}: warning: ${forTerminal(warning.message)} [${warning.code}]\n`;
    }
  }
  yield summaryText(figures, options.cwd);
}

/** Relative to the working folder when inside it (shorter, still a link), else absolute. */
function displayName(file: string, cwd: string): string {
  const inside = relative(cwd, file);
  const name = inside === '' || inside.startsWith('..') || isAbsolute(inside) ? file : inside;
  return forTerminal(name);
}

function count(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * `3 files: 2 ok, 1 failed; 1.2 MB in 0.4s, 3.0 MB/s`. The bytes and rate are the work actually
 * done: after a cancel, what was read before it, out of the total. An extract job adds the
 * table it wrote: `table: 1,200 rows in out.parquet`.
 */
export function summaryText(figures: RunFigures, cwd = process.cwd()): string {
  const table = figures.table;
  const written =
    table && table.error === null
      ? `table: ${count(table.rows, 'row', 'rows')} in ${displayName(table.path, cwd)}\n`
      : '';
  return runText(figures) + written;
}

function runText(figures: RunFigures): string {
  const parts = [`${formatCount(figures.ok)} ok`, `${formatCount(figures.failed)} failed`];
  if (figures.cancelled > 0) parts.push(`${formatCount(figures.cancelled)} cancelled`);
  const bytes =
    figures.bytesDone < figures.bytes
      ? `${formatBytes(figures.bytesDone)} of ${formatBytes(figures.bytes)}`
      : formatBytes(figures.bytesDone);
  const seconds = figures.elapsedMs / 1000;
  const rate = seconds > 0 ? `, ${formatBytes(figures.bytesDone / seconds)}/s` : '';
  const state = figures.state === 'cancelled' ? 'cancelled: ' : '';
  return `${state}${count(figures.files, 'file', 'files')}: ${parts.join(', ')}; ${bytes} in ${formatDuration(figures.elapsedMs)}${rate}\n`;
}
