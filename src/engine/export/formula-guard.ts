/**
 * Spreadsheet formula injection guard: a text cell that begins with `=`, `+`, `-`, `@`, a tab or
 * a carriage return gets a leading `'`, so a spreadsheet program shows it as text instead of
 * evaluating it (OWASP's CSV injection rule). The one rule for every text a spreadsheet may
 * open: the report's CSV (csv.ts) and extract's text cells in CSV, TSV and XLSX. Numbers,
 * booleans, dates and datetimes are never text cells, so `-5` in an int column stays `-5`. The
 * rule is idempotent: a guarded value begins with `'` and is not guarded again.
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
