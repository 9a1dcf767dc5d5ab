/**
 * Excel's limit on a cell's text, shared by the XLSX writer on the main side (which cuts the
 * text) and the workers (which count the cells cut, for the file's `xlsx-cell-truncated`
 * warning: the main side merges parts and no longer knows which file a row came from). Excel
 * refuses to open a workbook with a longer cell, so cutting is the only way to a usable file.
 */

import { guardFormula } from '../../export/formula-guard';
import type { Cell } from '../value-types';
import { cellText } from './row-encoders';
import type { TableColumn } from './table-columns';

/** Excel's most characters (UTF-16 code units) in one cell. */
export const EXCEL_MAX_CELL_CHARS = 32_767;

/**
 * A text cell's content as the sheet holds it: formula-guarded, then cut to Excel's limit (the
 * guard's `'` counts), never between the two halves of a surrogate pair.
 */
export function xlsxText(text: string): string {
  const guarded = guardFormula(text);
  if (guarded.length <= EXCEL_MAX_CELL_CHARS) return guarded;
  const last = guarded.charCodeAt(EXCEL_MAX_CELL_CHARS - 1);
  const splitsPair = last >= 0xd800 && last <= 0xdbff;
  return guarded.slice(0, splitsPair ? EXCEL_MAX_CELL_CHARS - 1 : EXCEL_MAX_CELL_CHARS);
}

/**
 * Text as a sheet's XML must carry it: Excel reads `_xHHHH_` in a cell as an escaped character
 * (ECMA-376, ST_Xstring), so text that holds such a sequence as itself gets its `_` written as
 * `_x005F_`. Without it, a cell `_x0041_` would show as `A`.
 */
export function escapeExcelSequences(text: string): string {
  return text.includes('_x') ? text.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_') : text;
}

/** The row's cells that xlsxText will cut: the text cells (strings, lists) over the limit. */
export function overlongXlsxCells(
  columns: readonly TableColumn[],
  cells: readonly Cell[],
  join: string,
): number {
  let count = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? null;
    const column = columns[i];
    if (cell === null || column === undefined) continue;
    // Numbers, booleans and dates are short; only text can pass the limit.
    if (!Array.isArray(cell) && column.type !== 'string') continue;
    const text = cellText(cell, join);
    // The guard adds at most one character: only text near the limit needs the exact test.
    if (text.length >= EXCEL_MAX_CELL_CHARS && guardFormula(text).length > EXCEL_MAX_CELL_CHARS) {
      count++;
    }
  }
  return count;
}
