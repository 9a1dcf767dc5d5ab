/**
 * RFC 4180 CSV: fields are quoted when they contain a comma, a quote, CR or LF, quotes are
 * doubled, and records end with CRLF. Spreadsheets open the result as written.
 */

const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | null;

export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Byte order mark some spreadsheet programs need to read UTF-8. */
export const UTF8_BOM = '\uFEFF';
