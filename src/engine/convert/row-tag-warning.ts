/**
 * The warning for a row tag that matched nothing. NDJSON keeps every element under the root, so
 * a misspelt `--row-tag` loses no data; but it splits nothing, and it is most likely a typo, so
 * the result says so. A split file and a whole one decide it from the same counts.
 */
import type { FileWarning } from '../../shared/results';

export function rowTagUnmatched(
  rowTag: string | null,
  rows: number,
  elements: number,
  rootName: string | null,
): FileWarning | null {
  // No children at all (elements counts the root) is an empty export, not a mistake.
  if (rowTag === null || rows > 0 || elements <= 1) return null;
  return {
    code: 'row-tag-unmatched',
    message: `no <${rowTag}> element directly under the root <${rootName ?? '?'}>: --row-tag matched nothing (check its spelling); every element under the root was converted, one per line`,
  };
}
