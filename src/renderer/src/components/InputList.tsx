import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InputEntry } from '../../../shared/api';
import { formatBytes, pluralize } from '../format';
import { groupInputs, type InputListRow } from '../state/input-groups';
import type { InputsView } from '../state/inputs-store';
import { nextIndex } from '../state/list-navigation';
import { useSession } from '../state/session-context';
import { useStore } from '../state/use-store';
import { InputRow } from './InputRow';

/** Matches `--row-height` in the CSS: fixed rows make virtualization exact and cheap. */
const ROW_HEIGHT = 30;
/** How long files just added stay marked. */
const FRESH_MS = 2500;

function estimateSize(): number {
  return ROW_HEIGHT;
}

interface InputListProps {
  view: InputsView;
  canRemove: boolean;
}

function rowKey(row: InputListRow | undefined, index: number): string | number {
  if (row === undefined) return index;
  return row.kind === 'folder' ? `folder:${row.folder}` : row.entry.id;
}

/**
 * Renders only the visible rows, so 10,000 inputs cost the same as 30, grouped under a header
 * per folder (Enter or a click folds it). The list is one tab stop: arrows, Page Up/Down and
 * Home/End move the active row, Delete removes it. Files just added are scrolled into view.
 */
export function InputList({ view, canRemove }: InputListProps) {
  const session = useSession();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(-1);
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const lastAdded = useStore(session.lastAdded);
  // The files just added stay marked for a moment.
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  // An add made before this list mounted (it remounts when the panel unfolds) is old news.
  const mountedAtAdd = useRef(lastAdded.seq);
  useEffect(() => {
    if (lastAdded.seq === mountedAtAdd.current) return;
    setFresh(new Set(lastAdded.ids));
    const timer = setTimeout(() => setFresh(new Set()), FRESH_MS);
    return () => clearTimeout(timer);
  }, [lastAdded]);
  const rows = useMemo(() => groupInputs(view.entries, folded), [view.entries, folded]);
  // Stable option functions: a new one per render makes the virtualizer re-measure every row.
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const getItemKey = useCallback((index: number) => rowKey(rows[index], index), [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    overscan: 12,
    getItemKey,
  });
  const remove = useCallback((entry: InputEntry) => void session.remove([entry.id]), [session]);
  const toggleFolder = useCallback((folder: string) => {
    setFolded((current) => {
      const next = new Set(current);
      if (!next.delete(folder)) next.add(folder);
      return next;
    });
  }, []);
  const activeIndex = Math.min(active, rows.length - 1);
  const items = virtualizer.getVirtualItems();

  // New files come into view (and their folder unfolds): the user sees what the add did.
  const seenAdd = useRef(lastAdded.seq);
  useEffect(() => {
    if (lastAdded.seq === seenAdd.current) return;
    const [first] = lastAdded.ids;
    const index = rows.findIndex((row) => row.kind === 'file' && row.entry.id === first);
    if (index === -1) {
      const entry = view.entries.find((candidate) => candidate.id === first);
      const folder = entry ? entry.name.slice(0, entry.name.lastIndexOf('/') + 1) : '';
      if (folder !== '' && folded.has(folder)) toggleFolder(folder);
      return;
    }
    seenAdd.current = lastAdded.seq;
    // The folder's header too, when there is one just above.
    const target = index > 0 && rows[index - 1]?.kind === 'folder' ? index - 1 : index;
    virtualizer.scrollToIndex(target, { align: 'start' });
  }, [lastAdded, rows, view.entries, folded, toggleFolder, virtualizer]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    const activeRow = rows[activeIndex];
    if (activeRow?.kind === 'folder' && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      toggleFolder(activeRow.folder);
      return;
    }
    if (
      (event.key === 'Delete' || event.key === 'Backspace') &&
      activeRow?.kind === 'file' &&
      canRemove
    ) {
      event.preventDefault();
      remove(activeRow.entry);
      return;
    }
    const next = nextIndex(event.key, activeIndex, rows.length);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  if (view.entries.length === 0) {
    return (
      <div className="empty-state input-empty">
        <p>Drop XML files or folders anywhere.</p>
        <p>Or use “Add files…” (Ctrl+O) and “Add folder…”.</p>
      </div>
    );
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keys act on the focused list (see above)
    <div
      className="virtual-scroll input-scroll"
      ref={scrollRef}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the list's one tab stop, for scrolling and the row keys
      tabIndex={0}
      title="Arrows move, Enter folds a folder, Delete removes"
      onKeyDown={onKeyDown}
    >
      <ul
        className="virtual-space"
        aria-label="Input files"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          if (row.kind === 'folder') {
            return (
              <li
                key={item.key}
                className="input-folder virtual-row"
                data-active={item.index === activeIndex}
                data-testid="input-folder"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <button
                  type="button"
                  className="folder-toggle"
                  tabIndex={-1}
                  aria-expanded={!row.folded}
                  title={row.folded ? 'Show its files' : 'Fold it'}
                  onClick={() => toggleFolder(row.folder)}
                >
                  <span className="folder-caret" aria-hidden="true">
                    {row.folded ? '▸' : '▾'}
                  </span>
                  <bdi className="folder-name">{row.folder}</bdi>
                </button>
                <span className="folder-count muted numeric">
                  {pluralize(row.files, 'file', 'files')} · {formatBytes(row.bytes)}
                </span>
              </li>
            );
          }
          return (
            <InputRow
              key={item.key}
              entry={row.entry}
              base={row.base}
              status={view.statusOf(row.entry)}
              offset={item.start}
              active={item.index === activeIndex}
              fresh={fresh.has(row.entry.id)}
              canRemove={canRemove}
              onRemove={remove}
            />
          );
        })}
      </ul>
    </div>
  );
}
