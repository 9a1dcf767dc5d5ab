/**
 * RFC 4180 CSV: fields are quoted when they contain a comma, a quote, CR or LF, quotes are
 * doubled, and records end with CRLF. Spreadsheets open the result as written.
 *
 * Text cells are guarded against formula injection (OWASP's rule): a text that begins with `=`,
 * `+`, `-`, `@`, a tab or a carriage return would run as a formula in a spreadsheet (a file
 * named `=HYPERLINK(...)`, an error message quoting the document), so it gets a leading single
 * quote, which spreadsheets show as text. Numbers we write stay numbers: `-3` is only guarded
 * when it came as text.
 */
import { guardFormula } from './formula-guard';

const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | null;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? guardFormula(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Byte order mark some spreadsheet programs need to read UTF-8. */
export const UTF8_BOM = '\uFEFF';
