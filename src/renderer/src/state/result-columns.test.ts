import { describe, expect, it } from 'vitest';
import { columnsFor, columnWidths, RESULT_COLUMNS, visibleColumns } from './result-columns';

const ids = (width: number, hasStats = false) =>
  visibleColumns(columnsFor(hasStats), width).map((column) => column.id);

describe('visibleColumns', () => {
  it('shows every column when there is room, in their own order', () => {
    expect(ids(2000, true)).toEqual(RESULT_COLUMNS.map((column) => column.id));
    expect(ids(2000)).toEqual(['status', 'file', 'size', 'time', 'elements', 'error']);
  });

  it('gives way by priority as the table narrows, File and First error last', () => {
    expect(ids(600)).toEqual(['status', 'file', 'size', 'time', 'elements', 'error']);
    expect(ids(500)).toEqual(['status', 'file', 'size', 'error']);
    expect(ids(400)).toEqual(['status', 'file', 'error']);
    expect(ids(300)).toEqual(['file', 'error']);
    // Narrower than both: they still show, and share what there is.
    expect(ids(100)).toEqual(['file', 'error']);
  });

  it('fills the width exactly, the spare room going to File and First error', () => {
    const columns = visibleColumns(columnsFor(false), 900);
    const widths = columnWidths(columns, 900);
    const total = [...widths.values()].reduce((sum, width) => sum + width, 0);
    expect(total).toBeGreaterThan(897);
    expect(total).toBeLessThanOrEqual(900);
    expect(widths.get('size')).toBe(76);
    expect(widths.get('file')).toBeLessThan(widths.get('error') ?? 0);
    // Narrower than the minimums: each keeps its minimum.
    expect(columnWidths(visibleColumns(columnsFor(false), 100), 100).get('file')).toBe(140);
  });

  it('drops the stats columns before the size and elements', () => {
    expect(ids(600, true)).toEqual(['status', 'file', 'size', 'time', 'elements', 'error']);
    expect(ids(760, true)).toEqual([
      'status',
      'file',
      'size',
      'time',
      'elements',
      'attributes',
      'depth',
      'error',
    ]);
  });
});
