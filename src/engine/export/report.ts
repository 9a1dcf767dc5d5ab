/**
 * The report of a job: one record per input file, in the order the results are given (input
 * order when they come from JobSummary.results()).
 *
 * - `ndjson`: one FileResult per line, exactly as the engine produced it.
 * - `json`: an array of FileResult, streamed, one per line.
 * - `csv`: one row per file (file, ok, bytes, elements, and the first error's line, column and
 *   message), RFC 4180, optionally with a UTF-8 byte order mark for spreadsheet programs.
 */
import type { FileResult, ReportFormat } from '../../shared/results';
import { writeFileAtomic } from '../fs/atomic-file';
import { csvRecord, UTF8_BOM } from './csv';

export interface ReportOptions {
  /** Start a CSV report with a UTF-8 byte order mark. Ignored by json and ndjson. */
  bom?: boolean;
  /** An extract job's CSV report: two more columns, `rows` and `bad_values`. */
  extract?: boolean;
}

export const CSV_HEADER = [
  'file',
  'ok',
  'bytes',
  'elements',
  'error_line',
  'error_column',
  'error_message',
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
    case 'csv': {
      const extract = options.extract === true;
      const header = extract ? [...CSV_HEADER, 'rows', 'bad_values'] : CSV_HEADER;
      yield `${options.bom ? UTF8_BOM : ''}${csvRecord(header)}`;
      for await (const result of results) {
        const row = csvRow(result);
        if (extract) row.push(result.extract?.rows ?? null, result.extract?.badValues ?? null);
        yield csvRecord(row);
      }
      return;
    }
  }
}

export function csvRow(result: FileResult): (string | number | boolean | null)[] {
  const error = result.errors[0];
  return [
    result.file,
    result.ok,
    result.bytes,
    result.elements,
    error?.line ?? null,
    error?.column ?? null,
    error?.message ?? null,
  ];
}
