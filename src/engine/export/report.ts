/**
 * The report of a job: one record per input file, in the order the results are given (input
 * order when they come from JobSummary.results()).
 *
 * - `ndjson`: one FileResult per line, exactly as the engine produced it.
 * - `json`: an array of FileResult, streamed, one per line.
 * - `csv`: one row per file (file, ok, bytes, elements, and the first error's line, column and
 *   message, then the task's own columns: see report-columns.ts), RFC 4180, optionally with a
 *   UTF-8 byte order mark for spreadsheet programs.
 * - `csv-errors`: one row per error (file, ok, kind, line, column, element path, message, and
 *   the error's group as the UI's "group by error" shows it); a file without errors gets one row
 *   with those fields empty, so every file is in the report.
 */
import { normaliseMessage } from '../../shared/error-groups';
import type { FileResult, ReportFormat } from '../../shared/results';
import type { TaskName } from '../../shared/tasks';
import { writeFileAtomic } from '../fs/atomic-file';
import { csvRecord, UTF8_BOM } from './csv';
import { type CsvColumn, csvColumns } from './report-columns';

export interface ReportOptions {
  /** Start a CSV report with a UTF-8 byte order mark. Ignored by json and ndjson. */
  bom?: boolean;
  /**
   * The job's task, which picks the CSV's columns. Without it, the first result's task does (an
   * empty report then has the columns every task shares).
   */
  task?: TaskName;
}

export const CSV_ERRORS_HEADER = [
  'file',
  'ok',
  'kind',
  'line',
  'column',
  'path',
  'message',
  'group',
] as const;

/** Writes the report to `destination` atomically. */
export async function writeReport(
  results: AsyncIterable<FileResult>,
  format: ReportFormat,
  destination: string,
  options: ReportOptions = {},
): Promise<void> {
  await writeFileAtomic(destination, reportText(results, format, options));
}

/** The report as text pieces, for writing to a stream (the CLI's stdout) or a file. */
export async function* reportText(
  results: AsyncIterable<FileResult>,
  format: ReportFormat,
  options: ReportOptions = {},
): AsyncGenerator<string> {
  switch (format) {
    case 'ndjson':
      for await (const result of results) yield `${JSON.stringify(result)}\n`;
      return;
    case 'json': {
      let first = true;
      yield '[';
      for await (const result of results) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(result)}`;
        first = false;
      }
      yield first ? ']\n' : '\n]\n';
      return;
    }
    case 'csv':
      yield* csvText(results, options);
      return;
    case 'csv-errors': {
      yield `${options.bom ? UTF8_BOM : ''}${csvRecord(CSV_ERRORS_HEADER)}`;
      for await (const result of results) yield csvErrorRows(result).map(csvRecord).join('');
      return;
    }
  }
}

async function* csvText(
  results: AsyncIterable<FileResult>,
  options: ReportOptions,
): AsyncGenerator<string> {
  const bom = options.bom ? UTF8_BOM : '';
  let columns: readonly CsvColumn[] | null = options.task ? csvColumns(options.task) : null;
  if (columns) yield `${bom}${header(columns)}`;
  for await (const result of results) {
    if (columns === null) {
      columns = csvColumns(result.task);
      yield `${bom}${header(columns)}`;
    }
    yield csvRecord(columns.map((column) => column.value(result)));
  }
  if (columns === null) yield `${bom}${header(csvColumns('validate'))}`;
}

function header(columns: readonly CsvColumn[]): string {
  return csvRecord(columns.map((column) => column.name));
}

export function csvErrorRows(result: FileResult): (string | number | boolean | null)[][] {
  if (result.errors.length === 0) {
    return [[result.file, result.ok, null, null, null, null, null, null]];
  }
  return result.errors.map((error) => [
    result.file,
    result.ok,
    error.kind,
    error.line,
    error.column,
    error.path ?? null,
    error.message,
    normaliseMessage(error.message),
  ]);
}
