/** Rows a Page Up / Page Down moves by in the virtualized lists. */
const PAGE_ROWS = 10;

/**
 * The row a navigation key moves to in a list of `count` rows, from row `from` (-1: none yet),
 * or null for keys that do not navigate.
 */
export function nextIndex(key: string, from: number, count: number): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, from + 1);
    case 'ArrowUp':
      return Math.max(0, from - 1);
    case 'PageDown':
      return Math.min(last, Math.max(0, from) + PAGE_ROWS);
    case 'PageUp':
      return Math.max(0, from - PAGE_ROWS);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
