/**
 * Spreadsheet formula injection guard: a text cell that begins with `=`, `+`, `-`, `@`, a tab or
 * a carriage return gets a leading `'`, so a spreadsheet program shows it as text instead of
 * evaluating it (OWASP's CSV injection rule). Applied to extract's text cells in CSV, TSV and
 * XLSX; numbers, booleans, dates and datetimes are never text cells, so `-5` in an int column
 * stays `-5`. The rule is idempotent: a guarded value begins with `'` and is not guarded again.
 *
 * The same rule is being added to the report's CSV (src/engine/export/csv.ts) on another
 * branch; when both are merged, this function should be that one.
 */
export function guardFormula(text: string): string {
  const first = text.charCodeAt(0);
  return first === 0x3d || // =
    first === 0x2b || // +
    first === 0x2d || // -
    first === 0x40 || // @
    first === 0x09 || // tab
    first === 0x0d // CR
    ? `'${text}`
    : text;
}
