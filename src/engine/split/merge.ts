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
  /** Most distinct paths kept, as in the sequential stats task. */
  pathCap: number;
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

/** Paths in order of first appearance across the chunks, counts added, capped like one scan. */
export function mergePaths(
  lists: readonly (readonly PathCount[])[],
  cap: number,
): { paths: PathCount[]; truncated: boolean } {
  const merged = new Map<string, number>();
  let truncated = false;
  for (const list of lists) {
    for (const { path, count } of list) {
      const seen = merged.get(path);
      if (seen !== undefined) merged.set(path, seen + count);
      else if (merged.size < cap) merged.set(path, count);
      else truncated = true;
    }
  }
  return { paths: [...merged].map(([path, count]) => ({ path, count })), truncated };
}

function mergeNamespaces(lists: readonly (readonly NamespaceUse[])[]): NamespaceUse[] {
  const seen = new Set<string>();
  const merged: NamespaceUse[] = [];
  for (const list of lists) {
    for (const use of list) {
      const key = `${use.prefix}\u0000${use.uri}`;
      if (seen.has(key)) continue;
      seen.add(key);
      merged.push(use);
    }
  }
  return merged;
}

/** Stats of the chunks added up (all but `elements`, which the caller sums). */
export function mergeStats(
  parts: readonly ChunkStats[],
  cap: number,
): Omit<XmlStats, 'elements'> | undefined {
  const first = parts[0];
  if (!first) return undefined;
  const { paths, truncated } = mergePaths(
    parts.map((part) => part.paths),
    cap,
  );
  return {
    attributes: parts.reduce((sum, part) => sum + part.attributes, 0),
    textBytes: parts.reduce((sum, part) => sum + part.textBytes, 0),
    maxDepth: parts.reduce((max, part) => Math.max(max, part.maxDepth), 0),
    root: first.root,
    encoding: first.encoding,
    namespaces: mergeNamespaces(parts.map((part) => part.namespaces)),
    paths,
    pathsTruncated: truncated || parts.some((part) => part.pathsTruncated),
  };
}

export function mergeChunkResults(input: MergeInput): FileResult {
  const { chain, file } = input;
  const error = firstAbsoluteError(chain, input.root);
  const elements = chain.reduce((sum, chunk) => sum + chunk.elements, 0);
  const statsParts = chain.flatMap((chunk) => (chunk.stats ? [chunk.stats] : []));
  const merged = input.task === 'stats' ? mergeStats(statsParts, input.pathCap) : undefined;
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
  }
  if (input.convert) result.convert = input.convert;
  return result;
}
