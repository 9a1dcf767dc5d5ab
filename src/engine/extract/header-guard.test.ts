/**
 * Header cells are text cells in a spreadsheet like any other: a column name that starts like a
 * formula (an inferred `@id`, a user's `-x`) gets the guard's `'` in CSV and TSV, as docs/cli.md
 * says. NDJSON has no header line (its keys are the names as they are).
 */
import { describe, expect, it } from 'vitest';
import { headerLine } from './table/text-table';

const columns = ['@id', '-x', 'name'].map((name) => ({
  name,
  type: 'string' as const,
  list: false,
}));

describe('table header cells', () => {
  it.each([
    ['csv', "'@id,'-x,name\r\n"],
    ['tsv', "'@id\t'-x\tname\n"],
    ['ndjson', ''],
  ] as const)('%s: %j', (format, line) => {
    expect(headerLine({ path: 't', format, columns, bom: false, join: '|' })).toBe(line);
  });
});
