import { describe, expect, it } from 'vitest';
import { arrangeRows, type RowAccess, type TableView, TableViewStore } from './table-view';

interface Row {
  name: string;
  size: number | null;
  failed: boolean;
}

const access: RowAccess<Row, 'name' | 'size'> = {
  sortValue: (row, key) => (key === 'name' ? row.name : row.size),
  searchText: (row) => row.name,
  failed: (row) => row.failed,
};

const rows: Row[] = [
  { name: 'b10.xml', size: 5, failed: false },
  { name: 'b9.xml', size: null, failed: true },
  { name: 'A.xml', size: 5, failed: false },
  { name: 'c.xml', size: 1, failed: true },
];

function view(patch: Partial<TableView<'name' | 'size'>>): TableView<'name' | 'size'> {
  return { sort: null, filter: '', failedOnly: false, ...patch };
}

const names = (shown: readonly Row[]) => shown.map((row) => row.name);

describe('arrangeRows', () => {
  it('keeps the rows’ own order without a sort or filter, as the same array', () => {
    expect(arrangeRows(rows, view({}), access)).toBe(rows);
  });

  it('sorts text naturally and without regard to case', () => {
    const sort = { key: 'name', direction: 'ascending' } as const;
    expect(names(arrangeRows(rows, view({ sort }), access))).toEqual([
      'A.xml',
      'b9.xml',
      'b10.xml',
      'c.xml',
    ]);
  });

  it('sorts numbers stably, empty cells last in both directions', () => {
    const up = { key: 'size', direction: 'ascending' } as const;
    const down = { key: 'size', direction: 'descending' } as const;
    expect(names(arrangeRows(rows, view({ sort: up }), access))).toEqual([
      'c.xml',
      'b10.xml',
      'A.xml',
      'b9.xml',
    ]);
    // Equal sizes keep their own order (b10 before A) in either direction.
    expect(names(arrangeRows(rows, view({ sort: down }), access))).toEqual([
      'b10.xml',
      'A.xml',
      'c.xml',
      'b9.xml',
    ]);
  });

  it('filters by text, ignoring case, and by failure', () => {
    expect(names(arrangeRows(rows, view({ filter: ' B1 ' }), access))).toEqual(['b10.xml']);
    expect(names(arrangeRows(rows, view({ failedOnly: true }), access))).toEqual([
      'b9.xml',
      'c.xml',
    ]);
  });
});

describe('TableViewStore', () => {
  it('cycles a column through ascending, descending and unsorted', () => {
    const store = new TableViewStore<'name' | 'size'>();
    store.toggleSort('size');
    expect(store.get().sort).toEqual({ key: 'size', direction: 'ascending' });
    store.toggleSort('size');
    expect(store.get().sort).toEqual({ key: 'size', direction: 'descending' });
    store.toggleSort('size');
    expect(store.get().sort).toBeNull();
    store.toggleSort('size');
    store.toggleSort('name');
    expect(store.get().sort).toEqual({ key: 'name', direction: 'ascending' });
  });
});
