/**
 * A split file's rows, once its chunks are verified (main side, called by processSplitFile):
 * the parts of the chain are renamed to the file's part names in chain order, so the table
 * assembler reads them exactly as it reads a whole file's one part; parts of chunk runs that were
 * not used (false starts, re-runs, chunks after the error) are removed. The `--on-error` policy
 * is applied here, where the whole file's outcome is known.
 */
import { rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileResult } from '../../shared/results';
import type { JobOptions } from '../../shared/tasks';
import { absolutePosition, advance, DOCUMENT_START, type TextPosition } from '../split/positions';
import type { BadValueNote, ChunkResult } from '../split/types';
import { extractRowTag, extractWarnings } from './extract-range';
import { rowPartPath } from './row-part';

function partsOf(results: readonly ChunkResult[]): string[] {
  return results.flatMap((r) => (r.extract?.part ? [r.extract.part] : []));
}

/** Removes every part of `all` that is not in the chain. */
export async function removeUnusedParts(
  all: readonly ChunkResult[],
  chain: readonly ChunkResult[],
): Promise<void> {
  const used = new Set(partsOf(chain));
  await Promise.all(
    partsOf(all)
      .filter((part) => !used.has(part))
      .map((part) => rm(part, { force: true })),
  );
}

export async function removeChainParts(chain: readonly ChunkResult[]): Promise<void> {
  await Promise.all(partsOf(chain).map((part) => rm(part, { force: true })));
}

/** The chain's first bad value, its chunk-relative position made absolute like an error's. */
function firstBadValueOf(chain: readonly ChunkResult[]): BadValueNote | null {
  let start: TextPosition = DOCUMENT_START;
  for (const chunk of chain) {
    const note = chunk.extract?.firstBadValue ?? null;
    if (note !== null) {
      if (note.line === null || note.column === null) return note;
      return { ...note, ...absolutePosition({ line: note.line, column: note.column }, start) };
    }
    start = advance(start, chunk.lineBreaks, chunk.charsSinceLastBreak);
  }
  return null;
}

/** Completes the merged result of a split extract and puts its parts in place. */
export async function settleSplitRows(
  merged: FileResult,
  chain: readonly ChunkResult[],
  index: number,
  options: JobOptions,
): Promise<void> {
  const parts = partsOf(chain);
  const records = chain.reduce((sum, c) => sum + (c.extract?.records ?? 0), 0);
  const error = merged.errors[0] ?? null;
  const skipped = error !== null && options.extract.onError === 'skip-file';
  // Bad values are in the table only when the rows are.
  const badValues = skipped ? 0 : chain.reduce((sum, c) => sum + (c.extract?.badValues ?? 0), 0);
  let rows = chain.reduce((sum, c) => sum + (c.extract?.rows ?? 0), 0);
  if (skipped) {
    await removeChainParts(chain);
    rows = 0;
  } else {
    for (const [piece, part] of parts.entries()) {
      // Parts live in <output folder>/rows/.
      await rename(part, rowPartPath(dirname(dirname(part)), index, piece));
    }
  }
  merged.extract = { rows, badValues };
  // Cut cells are in the table only when the rows are.
  const truncatedCells =
    rows === 0 ? 0 : chain.reduce((sum, c) => sum + (c.extract?.truncatedCells ?? 0), 0);
  const warnings = extractWarnings(
    extractRowTag(options),
    { records, badValues, firstBadValue: skipped ? null : firstBadValueOf(chain), truncatedCells },
    error,
  );
  if (warnings) merged.warnings = warnings;
}
