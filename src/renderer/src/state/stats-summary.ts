/**
 * One summary across the files of a stats run: totals, the roots, and the most frequent elements
 * and paths. Each file's paths are capped (`pathsTruncated`), so counts from a capped file are
 * lower bounds; the summary says how many files were capped.
 */
import type { FileResult } from '../../../shared/results';

export interface CountedName {
  name: string;
  count: number;
}

export interface StatsSummary {
  /** Files with statistics (a file that failed early has none). */
  files: number;
  bytes: number;
  elements: number;
  attributes: number;
  textBytes: number;
  maxDepth: number;
  roots: CountedName[];
  namespaces: CountedName[];
  /** By element name (the last step of each path), most frequent first. */
  topElements: CountedName[];
  topPaths: CountedName[];
  /** Files whose distinct paths were capped: their counts are lower bounds. */
  truncatedFiles: number;
}

const TOP = 15;

function add(counts: Map<string, number>, name: string, count: number): void {
  counts.set(name, (counts.get(name) ?? 0) + count);
}

function top(counts: Map<string, number>, limit = TOP): CountedName[] {
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit);
}

export function summarizeStats(results: readonly FileResult[]): StatsSummary | null {
  const roots = new Map<string, number>();
  const namespaces = new Map<string, number>();
  const elements = new Map<string, number>();
  const paths = new Map<string, number>();
  const summary = {
    files: 0,
    bytes: 0,
    elements: 0,
    attributes: 0,
    textBytes: 0,
    maxDepth: 0,
    truncatedFiles: 0,
  };
  for (const result of results) {
    const stats = result.stats;
    if (!stats) continue;
    summary.files += 1;
    summary.bytes += result.bytes;
    summary.elements += stats.elements;
    summary.attributes += stats.attributes;
    summary.textBytes += stats.textBytes;
    summary.maxDepth = Math.max(summary.maxDepth, stats.maxDepth);
    if (stats.pathsTruncated) summary.truncatedFiles += 1;
    if (stats.root !== null) add(roots, stats.root, 1);
    for (const ns of stats.namespaces) add(namespaces, ns.uri, 1);
    for (const { path, count } of stats.paths) {
      add(paths, path, count);
      add(elements, path.slice(path.lastIndexOf('/') + 1), count);
    }
  }
  if (summary.files === 0) return null;
  return {
    ...summary,
    roots: top(roots),
    namespaces: top(namespaces),
    topElements: top(elements),
    topPaths: top(paths),
  };
}
