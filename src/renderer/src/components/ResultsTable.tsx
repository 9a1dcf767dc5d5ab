import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useId, useLayoutEffect, useRef } from 'react';
import type { FileResult } from '../../../shared/results';
import { nextIndex } from '../state/list-navigation';
import type { ResultColumn, ResultColumnId } from '../state/result-columns';
import type { TableView } from '../state/table-view';
import { ResultRow } from './ResultRow';

/** Match `--row-height` and the header height in the CSS. */
const ROW_HEIGHT = 30;
const HEAD_HEIGHT = 28;

interface ResultsTableProps {
  rows: readonly FileResult[];
  /** The columns that fit, in order, and their widths in px. */
  columns: readonly ResultColumn[];
  widths: ReadonlyMap<ResultColumnId, number>;
  sort: TableView<ResultColumnId>['sort'];
  onSort(column: ResultColumnId): void;
  selectedFile: string | null;
  nameOf(result: FileResult): string;
  onSelect(file: string): void;
  emptyText: string;
  /**
   * Names how the rows are arranged (sort, filter). A new arrangement is a new list, not new
   * results: the view starts again from the top, or from the selected row, instead of chasing
   * the row that was on top to wherever the new order put it.
   */
  arrangement: string;
}

function estimateSize(): number {
  return ROW_HEIGHT;
}

/** The row a user is looking at, and where it was in the viewport. */
interface Anchor {
  file: string;
  /** Its top, relative to the top of the scroll box's view. */
  offset: number;
}

/**
 * A virtualized table (an ARIA grid): only the visible rows exist, between two spacer rows that
 * keep the scroll height right. The table holds keyboard focus; arrows, Page Up/Down and
 * Home/End move the selection, which the details panel follows. Headers sort.
 *
 * Rows do not jump while results arrive: once the user has scrolled, selected a row or points at
 * the table, the row at the top of the view (or the selected one) stays where it is on screen,
 * and new results fill in around it. A new sort or filter is another list: it is shown from the
 * top (or with the selected row in view).
 */
export function ResultsTable({
  rows,
  columns,
  widths,
  sort,
  onSort,
  selectedFile,
  nameOf,
  onSelect,
  emptyText,
  arrangement,
}: ResultsTableProps) {
  const idPrefix = useId();
  const tableRef = useRef<HTMLTableElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pointerInside = useRef(false);
  const anchor = useRef<Anchor | null>(null);
  const arrangedAs = useRef(arrangement);
  // Stable option functions and index keys: rows are all the same height, so measurements
  // depend on the count alone and are not recomputed for every batch of results.
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    overscan: 12,
    paddingStart: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
  });
  const rowDomId = (index: number) => `${idPrefix}-row-${index}`;
  const selectedIndex =
    selectedFile === null ? -1 : rows.findIndex((row) => row.file === selectedFile);
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const padTop = first ? first.start - HEAD_HEIGHT : 0;
  const padBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  const selectedRendered = items.some((item) => item.index === selectedIndex);

  /** Notes which row is in view, before new rows can move it. */
  const rememberAnchor = useCallback(() => {
    const box = scrollRef.current;
    if (!box) return;
    const top = box.scrollTop;
    const viewHeight = box.clientHeight - HEAD_HEIGHT;
    const selectedTop = selectedIndex * ROW_HEIGHT;
    const watching = top > 0 || pointerInside.current || selectedIndex >= 0;
    if (!watching) {
      anchor.current = null;
      return;
    }
    const selectedInView =
      selectedIndex >= 0 && selectedTop >= top && selectedTop + ROW_HEIGHT <= top + viewHeight;
    const index = selectedInView
      ? selectedIndex
      : Math.min(rows.length - 1, Math.ceil(top / ROW_HEIGHT));
    const row = rows[index];
    anchor.current = row ? { file: row.file, offset: index * ROW_HEIGHT - top } : null;
  }, [rows, selectedIndex]);

  // After new rows are laid out, put the anchored row back where it was.
  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (arrangedAs.current !== arrangement) {
      arrangedAs.current = arrangement;
      anchor.current = null;
      if (box) box.scrollTop = Math.max(0, selectedIndex * ROW_HEIGHT - box.clientHeight / 2);
    }
    const held = anchor.current;
    if (box && held) {
      const index = rows.findIndex((row) => row.file === held.file);
      if (index >= 0) {
        const top = Math.max(0, index * ROW_HEIGHT - held.offset);
        if (Math.abs(box.scrollTop - top) >= 1) box.scrollTop = top;
      }
    }
    rememberAnchor();
  }, [rows, rememberAnchor, arrangement, selectedIndex]);

  const onKeyDown = (event: KeyboardEvent) => {
    const next = nextIndex(event.key, selectedIndex, rows.length);
    const row = next === null ? undefined : rows[next];
    if (next === null || !row) return;
    event.preventDefault();
    onSelect(row.file);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    // Keep focus on the table, whichever row had it, so the arrows keep working.
    tableRef.current?.focus({ preventScroll: true });
  };

  return (
    <div
      className="results-scroll"
      ref={scrollRef}
      onScroll={rememberAnchor}
      onPointerEnter={() => {
        pointerInside.current = true;
        rememberAnchor();
      }}
      onPointerLeave={() => {
        pointerInside.current = false;
      }}
    >
      <table
        ref={tableRef}
        className="results-table"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table whose rows are selected with the keyboard is the ARIA grid pattern
        role="grid"
        aria-label="Results table"
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length}
        aria-activedescendant={selectedRendered ? rowDomId(selectedIndex) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="results-table"
        // Fixed layout needs the table's width: exactly its columns', so it never overflows.
        style={{ width: [...widths.values()].reduce((sum, width) => sum + width, 0) }}
      >
        <colgroup>
          {columns.map((column) => (
            <col
              key={column.id}
              className={`col-${column.id}`}
              style={{ width: widths.get(column.id) ?? column.minWidth }}
            />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => {
              const direction = sort?.key === column.id ? sort.direction : undefined;
              return (
                <th
                  key={column.id}
                  scope="col"
                  className={column.numeric ? 'numeric-head' : undefined}
                  aria-sort={direction ?? 'none'}
                  data-column={column.id}
                >
                  <button
                    type="button"
                    className="sort-button"
                    tabIndex={-1}
                    title={`Sort by ${column.label.toLowerCase()}`}
                    onClick={() => onSort(column.id)}
                  >
                    {column.label}
                    <span className="sort-mark" aria-hidden="true">
                      {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr className="spacer">
              <td colSpan={columns.length} style={{ height: padTop }} />
            </tr>
          )}
          {items.map((item) => {
            const result = rows[item.index];
            if (!result) return null;
            return (
              <ResultRow
                key={result.file}
                result={result}
                columns={columns}
                name={nameOf(result)}
                domId={rowDomId(item.index)}
                rowIndex={item.index + 2}
                selected={result.file === selectedFile}
                onSelect={onSelect}
              />
            );
          })}
          {padBottom > 0 && (
            <tr className="spacer">
              <td colSpan={columns.length} style={{ height: padBottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && <div className="empty-state results-empty">{emptyText}</div>}
    </div>
  );
}
