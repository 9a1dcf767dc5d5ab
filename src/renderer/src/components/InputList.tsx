import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useRef, useState } from 'react';
import type { InputEntry } from '../../../shared/api';
import type { InputsView } from '../state/inputs-store';
import { nextIndex } from '../state/list-navigation';
import { useSession } from '../state/session-context';
import { InputRow } from './InputRow';

/** Matches `--row-height` in the CSS: fixed rows make virtualization exact and cheap. */
const ROW_HEIGHT = 30;

function estimateSize(): number {
  return ROW_HEIGHT;
}

interface InputListProps {
  view: InputsView;
  canRemove: boolean;
}

/**
 * Renders only the visible rows, so 10,000 inputs cost the same as 30. The list is one tab stop:
 * arrows, Page Up/Down and Home/End move the active row, Delete removes it. (Each row's remove
 * button stays clickable but out of the tab order, or the list would take thousands of Tabs.)
 */
export function InputList({ view, canRemove }: InputListProps) {
  const session = useSession();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(-1);
  const { entries } = view;
  // Stable option functions: a new one per render makes the virtualizer re-measure every row.
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const getItemKey = useCallback((index: number) => entries[index]?.id ?? index, [entries]);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement,
    estimateSize,
    overscan: 12,
    getItemKey,
  });
  const remove = useCallback((entry: InputEntry) => void session.remove([entry.id]), [session]);
  const activeIndex = Math.min(active, entries.length - 1);
  const items = virtualizer.getVirtualItems();

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    const activeEntry = entries[activeIndex];
    if ((event.key === 'Delete' || event.key === 'Backspace') && activeEntry && canRemove) {
      event.preventDefault();
      remove(activeEntry);
      return;
    }
    const next = nextIndex(event.key, activeIndex, entries.length);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  if (entries.length === 0) {
    return (
      <div className="empty-state input-empty">
        <p>Drop XML files or folders anywhere.</p>
        <p>Or use “Add files…” and “Add folder…”.</p>
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
      title="Arrows move, Delete removes"
      onKeyDown={onKeyDown}
    >
      <ul
        className="virtual-space"
        aria-label="Input files"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const entry = entries[item.index];
          if (!entry) return null;
          return (
            <InputRow
              key={item.key}
              entry={entry}
              status={view.statusOf(entry)}
              offset={item.start}
              active={item.index === activeIndex}
              canRemove={canRemove}
              onRemove={remove}
            />
          );
        })}
      </ul>
    </div>
  );
}
