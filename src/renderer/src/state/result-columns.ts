/**
 * The results table's columns: what each shows, how it sorts, how wide it must be, and which
 * give way first when the table is narrow. File and First error go last: they are why the table
 * is there. Stats columns join during a stats run.
 */
import type { FileResult } from '../../../shared/results';
import { firstErrorText } from '../format';
import { resultStatus } from './result-status';

export type ResultColumnId =
  | 'status'
  | 'file'
  | 'size'
  | 'time'
  | 'elements'
  | 'attributes'
  | 'depth'
  | 'root'
  | 'error';

export interface ResultColumn {
  id: ResultColumnId;
  label: string;
  /** Narrowest useful width in px; flexible columns share what is left beyond theirs. */
  minWidth: number;
  flexible: boolean;
  numeric: boolean;
  /** Lower stays longer: the narrowest table keeps only priority 0 and 1. */
  priority: number;
}

const STATUS_ORDER = { failed: 0, cancelled: 1, ok: 2 } as const;

export const RESULT_COLUMNS: readonly ResultColumn[] = [
  { id: 'status', label: 'Status', minWidth: 88, flexible: false, numeric: false, priority: 2 },
  { id: 'file', label: 'File', minWidth: 140, flexible: true, numeric: false, priority: 0 },
  { id: 'size', label: 'Size', minWidth: 76, flexible: false, numeric: true, priority: 3 },
  { id: 'time', label: 'Time', minWidth: 70, flexible: false, numeric: true, priority: 5 },
  { id: 'elements', label: 'Elements', minWidth: 84, flexible: false, numeric: true, priority: 4 },
  {
    id: 'attributes',
    label: 'Attributes',
    minWidth: 92,
    flexible: false,
    numeric: true,
    priority: 7,
  },
  { id: 'depth', label: 'Depth', minWidth: 62, flexible: false, numeric: true, priority: 6 },
  { id: 'root', label: 'Root', minWidth: 90, flexible: false, numeric: false, priority: 8 },
  { id: 'error', label: 'First error', minWidth: 140, flexible: true, numeric: false, priority: 1 },
];

/** Of the room left beyond the minimum widths, the File column's share; First error gets the rest. */
const FILE_SHARE = 0.45;

const STATS_ONLY: ReadonlySet<ResultColumnId> = new Set(['attributes', 'depth', 'root']);

/** The columns a run's results have: the stats ones only when there are statistics. */
export function columnsFor(hasStats: boolean): readonly ResultColumn[] {
  return hasStats ? RESULT_COLUMNS : RESULT_COLUMNS.filter((column) => !STATS_ONLY.has(column.id));
}

/**
 * The columns that fit `width` px, in their order: by priority, each is kept while the minimum
 * widths kept add up to no more than the width; the first that does not fit goes, and every
 * column after it. File and First error always stay.
 */
export function visibleColumns(
  columns: readonly ResultColumn[],
  width: number,
): readonly ResultColumn[] {
  const byPriority = [...columns].sort((a, b) => a.priority - b.priority);
  const kept = new Set<ResultColumnId>();
  let used = 0;
  for (const column of byPriority) {
    if (column.priority > 1 && used + column.minWidth > width) break;
    kept.add(column.id);
    used += column.minWidth;
  }
  return columns.filter((column) => kept.has(column.id));
}

/**
 * Each column's width in px for a table `width` px wide: fixed columns their minimum, the two
 * flexible ones their minimum plus a share of what is left, so the table is exactly as wide as
 * its box (or as its minimums, when the box is narrower still).
 */
export function columnWidths(
  columns: readonly ResultColumn[],
  width: number,
): Map<ResultColumnId, number> {
  const minimum = columns.reduce((sum, column) => sum + column.minWidth, 0);
  const spare = Math.max(0, width - minimum);
  const flexible = columns.filter((column) => column.flexible);
  const widths = new Map<ResultColumnId, number>();
  for (const column of columns) {
    let extra = 0;
    if (column.flexible) {
      extra =
        flexible.length === 1
          ? spare
          : column.id === 'file'
            ? spare * FILE_SHARE
            : spare * (1 - FILE_SHARE);
    }
    widths.set(column.id, Math.floor(column.minWidth + extra));
  }
  return widths;
}

/** The value a column sorts by. */
export function resultSortValue(
  result: FileResult,
  column: ResultColumnId,
  name: string,
): number | string | null {
  switch (column) {
    case 'status':
      return STATUS_ORDER[resultStatus(result)];
    case 'file':
      return name;
    case 'size':
      return result.bytes;
    case 'time':
      return result.durationMs;
    case 'elements':
      return result.stats?.elements ?? result.elements;
    case 'attributes':
      return result.stats?.attributes ?? null;
    case 'depth':
      return result.stats?.maxDepth ?? null;
    case 'root':
      return result.stats?.root ?? null;
    case 'error':
      return firstErrorText(result) || null;
  }
}
