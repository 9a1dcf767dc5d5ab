/**
 * Merges the results of a file's chunks, taken in file order and already verified to tile the
 * file (each chunk starts exactly where the previous one stopped), into the one FileResult a
 * sequential scan would have produced.
 */
import type {
  ConvertOutput,
  FileResult,
  NamespaceUse,
  PathCount,
  XmlError,
  XmlStats,
} from '../../shared/results';
import type { TaskName } from '../../shared/tasks';
import { STATS_CAPS, type StatsCaps, statsWarnings } from '../tasks/stats';
import type { FileRef } from '../tasks/types';
import {
  absoluteError,
  advance,
  DOCUMENT_START,
  type RootOpening,
  type TextPosition,
} from './positions';
import type { ChunkResult, ChunkStats, SplitPlan } from './types';

export interface MergeInput {
  file: FileRef;
  task: TaskName;
  plan: SplitPlan;
  /** The verified chain of chunk results, in file order, up to and including the first error. */
  chain: ChunkResult[];
  /** The root element's name and where it opened (the plan's root context). */
  root: RootOpening | null;
  durationMs: number;
  /** Set by the caller for convert, once the parts were joined into the final output. */
  convert?: ConvertOutput;
}

/** The first error of the chain with its line and column made absolute. */
export function firstAbsoluteError(
  chain: readonly ChunkResult[],
  root: RootOpening | null = null,
): XmlError | null {
  let position: TextPosition = DOCUMENT_START;
  for (const chunk of chain) {
    if (chunk.error) return absoluteError(chunk.error, position, root);
    position = advance(position, chunk.lineBreaks, chunk.charsSinceLastBreak);
  }
  return null;
}

/**
 * Paths in order of first appearance across the chunks, counts added, capped like one scan: a
 * path is listed when, at its first appearance, the count and total caps still have room for it
 * (the chunks never list a path over the per-path cap). A path the caps leave out leaves out
 * the paths below it in one scan; here they are left out anyway, being longer while the total
 * only grows.
 */
export function mergePaths(
  lists: readonly (readonly PathCount[])[],
  caps: Pick<StatsCaps, 'paths' | 'pathChars' | 'pathsTotalChars'> = STATS_CAPS,
): { paths: PathCount[]; truncated: boolean } {
  const merged = new Map<string, number>();
  let chars = 0;
  let truncated = false;
  for (const list of lists) {
    for (const { path, count } of list) {
      const seen = merged.get(path);
      if (seen !== undefined) merged.set(path, seen + count);
      else if (
        merged.size < caps.paths &&
        path.length <= caps.pathChars &&
        chars + path.length <= caps.pathsTotalChars
      ) {
        merged.set(path, count);
        chars += path.length;
      } else truncated = true;
    }
  }
  return { paths: [...merged].map(([path, count]) => ({ path, count })), truncated };
}

/** Declarations in order of first appearance, each once, capped like one scan. */
function mergeNamespaces(
  lists: readonly (readonly NamespaceUse[])[],
  caps: Pick<StatsCaps, 'namespaces' | 'namespaceChars'>,
): { namespaces: NamespaceUse[]; truncated: boolean } {
  const seen = new Set<string>();
  const merged: NamespaceUse[] = [];
  let truncated = false;
  for (const list of lists) {
    for (const use of list) {
      const key = `${use.prefix}\u0000${use.uri}`;
      if (seen.has(key)) continue;
      if (
        merged.length >= caps.namespaces ||
        use.prefix.length + use.uri.length > caps.namespaceChars
      ) {
        truncated = true;
        continue;
      }
      seen.add(key);
      merged.push(use);
    }
  }
  return { namespaces: merged, truncated };
}

/** Stats of the chunks added up (all but `elements`, which the caller sums). */
export function mergeStats(
  parts: readonly ChunkStats[],
  caps: StatsCaps = STATS_CAPS,
): Omit<XmlStats, 'elements'> | undefined {
  const first = parts[0];
  if (!first) return undefined;
  const { paths, truncated } = mergePaths(
    parts.map((part) => part.paths),
    caps,
  );
  const namespaces = mergeNamespaces(
    parts.map((part) => part.namespaces),
    caps,
  );
  return {
    attributes: parts.reduce((sum, part) => sum + part.attributes, 0),
    textBytes: parts.reduce((sum, part) => sum + part.textBytes, 0),
    maxDepth: parts.reduce((max, part) => Math.max(max, part.maxDepth), 0),
    root: first.root,
    encoding: first.encoding,
    namespaces: namespaces.namespaces,
    namespacesTruncated: namespaces.truncated || parts.some((part) => part.namespacesTruncated),
    paths,
    pathsTruncated: truncated || parts.some((part) => part.pathsTruncated),
  };
}

export function mergeChunkResults(input: MergeInput): FileResult {
  const { chain, file } = input;
  const error = firstAbsoluteError(chain, input.root);
  const elements = chain.reduce((sum, chunk) => sum + chunk.elements, 0);
  const statsParts = chain.flatMap((chunk) => (chunk.stats ? [chunk.stats] : []));
  const merged = input.task === 'stats' ? mergeStats(statsParts) : undefined;
  const first = chain[0];
  const result: FileResult = {
    file: file.path,
    index: file.index,
    task: input.task,
    ok: error === null,
    bytes: file.size,
    elements,
    errorMode: 'first-fatal',
    errors: error ? [error] : [],
    encoding: first?.stats?.encoding ?? input.plan.encoding,
    durationMs: input.durationMs,
    workerId: first?.workerId ?? null,
    attempts: 1,
    split: { rowTag: input.plan.rowTag, detected: input.plan.detected, chunks: chain.length },
  };
  if (merged) {
    // `elements` first, as the sequential stats task writes it: the reports are byte-identical.
    result.stats = {
      elements: statsParts.reduce((sum, part) => sum + part.elements, 0),
      ...merged,
    };
    const warnings = statsWarnings(result.stats);
    if (warnings) result.warnings = warnings;
  }
  if (input.convert) result.convert = input.convert;
  return result;
}
