/**
 * What a user did to a table of results (sort by a column, filter by text, failed only), kept
 * outside the table component: the choice survives new results arriving, the end of a job and
 * the table being unmounted, and any result view (the files table, an error list, a preview)
 * can keep its own with the same few lines. `arrangeRows` applies it; it is pure and stable.
 */
import { ValueStore } from './value-store';

export type SortDirection = 'ascending' | 'descending';

export interface TableView<K extends string> {
  /** null: the rows' own order (input order for results). */
  sort: { key: K; direction: SortDirection } | null;
  /** Rows whose text contains this, ignoring case; '' shows all. */
  filter: string;
  failedOnly: boolean;
}

/** How a table's rows are sorted and searched. */
export interface RowAccess<T, K extends string> {
  /** Comparable value of a row in a column: numbers sort as numbers, text by locale. */
  sortValue(row: T, key: K): number | string | null;
  /** The text the filter searches (name, error message, …). */
  searchText(row: T): string;
  failed(row: T): boolean;
}

export class TableViewStore<K extends string> extends ValueStore<TableView<K>> {
  constructor() {
    super({ sort: null, filter: '', failedOnly: false });
  }

  /** A header click: ascending, then descending, then back to the rows' own order. */
  toggleSort(key: K): void {
    this.update((view) => {
      if (view.sort?.key !== key) return { ...view, sort: { key, direction: 'ascending' } };
      if (view.sort.direction === 'ascending') {
        return { ...view, sort: { key, direction: 'descending' } };
      }
      return { ...view, sort: null };
    });
  }

  setFilter(filter: string): void {
    this.update((view) => ({ ...view, filter }));
  }

  setFailedOnly(failedOnly: boolean): void {
    this.update((view) => ({ ...view, failedOnly }));
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareValues(a: number | string | null, b: number | string | null): number {
  // Empty cells last, whichever the direction.
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * The rows to show: filtered, then sorted. Ties keep the rows' own order (a stable sort), so
 * rows with equal values never trade places as results arrive.
 */
export function arrangeRows<T, K extends string>(
  rows: readonly T[],
  view: TableView<K>,
  access: RowAccess<T, K>,
): readonly T[] {
  const needle = view.filter.trim().toLocaleLowerCase();
  let shown: readonly T[] = rows;
  if (view.failedOnly || needle !== '') {
    shown = rows.filter(
      (row) =>
        (!view.failedOnly || access.failed(row)) &&
        (needle === '' || access.searchText(row).toLocaleLowerCase().includes(needle)),
    );
  }
  const sort = view.sort;
  if (sort === null) return shown;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = shown.map((row, index) => ({ row, index, value: access.sortValue(row, sort.key) }));
  keyed.sort((a, b) => {
    const empty = a.value === null || b.value === null;
    const order = compareValues(a.value, b.value);
    return (empty ? order : sign * order) || a.index - b.index;
  });
  return keyed.map((entry) => entry.row);
}
