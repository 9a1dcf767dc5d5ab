/**
 * The input list grouped by folder: a header row per folder (its files, bytes, and whether it is
 * folded), then its files by their own names. Folders keep the order in which their first file
 * was added; files without a folder (dropped or picked on their own) stay ungrouped. The result
 * is one flat list of rows, so the virtualized list keeps fixed-height rows.
 */
import type { InputEntry } from '../../../shared/api';
import { splitDisplayPath } from '../format';

export type InputListRow =
  | { kind: 'folder'; folder: string; files: number; bytes: number; folded: boolean }
  | { kind: 'file'; entry: InputEntry; base: string };

export function groupInputs(
  entries: readonly InputEntry[],
  folded: ReadonlySet<string>,
): InputListRow[] {
  const groups = new Map<string, { entries: InputEntry[]; bases: string[]; bytes: number }>();
  for (const entry of entries) {
    const { folder, base } = splitDisplayPath(entry.name);
    let group = groups.get(folder);
    if (group === undefined) {
      group = { entries: [], bases: [], bytes: 0 };
      groups.set(folder, group);
    }
    group.entries.push(entry);
    group.bases.push(base);
    group.bytes += entry.size ?? 0;
  }
  const rows: InputListRow[] = [];
  for (const [folder, group] of groups) {
    const isFolded = folded.has(folder);
    if (folder !== '') {
      rows.push({
        kind: 'folder',
        folder,
        files: group.entries.length,
        bytes: group.bytes,
        folded: isFolded,
      });
    }
    if (folder !== '' && isFolded) continue;
    group.entries.forEach((entry, i) => {
      rows.push({ kind: 'file', entry, base: folder === '' ? entry.name : (group.bases[i] ?? '') });
    });
  }
  return rows;
}
