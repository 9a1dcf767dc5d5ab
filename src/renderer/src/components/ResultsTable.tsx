import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useId, useRef } from 'react';
import type { FileResult } from '../../../shared/results';
import { nextIndex } from '../state/list-navigation';
import { ResultRow } from './ResultRow';

/** Match `--row-height` and the header height in the CSS. */
const ROW_HEIGHT = 30;
const HEAD_HEIGHT = 28;
const COLUMNS = 5;

interface ResultsTableProps {
  rows: readonly FileResult[];
  selectedFile: string | null;
  nameOf(result: FileResult): string;
  onSelect(file: string): void;
}

function estimateSize(): number {
  return ROW_HEIGHT;
}

/**
 * A virtualized table (an ARIA grid): only the visible rows exist, between two spacer rows that
 * keep the scroll height right. The table holds keyboard focus; arrows, Page Up/Down and
 * Home/End move the selection, which the details panel follows. Rows can also be clicked, or
 * focused and chosen with Enter or Space.
 */
export function ResultsTable({ rows, selectedFile, nameOf, onSelect }: ResultsTableProps) {
  const idPrefix = useId();
  const tableRef = useRef<HTMLTableElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
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
    <div className="results-scroll" ref={scrollRef}>
      <table
        ref={tableRef}
        className="results-table"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table whose rows are selected with the keyboard is the ARIA grid pattern
        role="grid"
        aria-label="Results table"
        aria-rowcount={rows.length + 1}
        aria-activedescendant={selectedRendered ? rowDomId(selectedIndex) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <colgroup>
          <col className="col-status" />
          <col className="col-name" />
          <col className="col-size" />
          <col className="col-time" />
          <col className="col-error" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Status</th>
            <th scope="col">File</th>
            <th scope="col" className="numeric-head">
              Size
            </th>
            <th scope="col" className="numeric-head">
              Time
            </th>
            <th scope="col">First error</th>
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr className="spacer">
              <td colSpan={COLUMNS} style={{ height: padTop }} />
            </tr>
          )}
          {items.map((item) => {
            const result = rows[item.index];
            if (!result) return null;
            return (
              <ResultRow
                key={item.key}
                result={result}
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
              <td colSpan={COLUMNS} style={{ height: padBottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && <div className="empty-state results-empty">No results yet.</div>}
    </div>
  );
}
