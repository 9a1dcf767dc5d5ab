/**
 * A split whose row tag matched nothing: `--row-tag recrod` on a big file gave one chunk that
 * scanned the whole file on one worker, and the result said nothing of it. When the first chunk
 * ran to the end (no row after its range started a second one), its own range is searched for
 * the tag too; finding none, the result gets a `row-tag-unmatched` warning.
 */
import { open } from 'node:fs/promises';
import type { FileWarning } from '../../shared/results';
import { fsPath } from '../fs/escaped-path';
import type { FileRef } from '../tasks/types';
import { isChunkContext } from './chunk-context-guard';
import { findRowCandidate } from './find-row-candidate';
import type { ChunkResult, SplitPlan } from './types';

export async function unmatchedRowTag(
  file: FileRef,
  plan: SplitPlan,
  chain: readonly ChunkResult[],
): Promise<FileWarning | null> {
  const [first, second] = chain;
  const firstChunk = plan.chunks[0];
  // A detected row tag was seen in the file's head; a chain of two chunks or more split it.
  if (plan.detected || second !== undefined || !first?.reachedEnd || !firstChunk) return null;
  const handle = await open(fsPath(file.path), 'r');
  try {
    const end = Math.min(file.size, firstChunk.range.end);
    const written = isChunkContext(firstChunk.context) ? firstChunk.context.rowTag : plan.rowTag;
    if ((await findRowCandidate(handle, written, 0, end)) !== null) return null;
  } finally {
    await handle.close();
  }
  return {
    code: 'row-tag-unmatched',
    message: `no <${plan.rowTag}> element in the file, so it ran whole on one worker; check the row tag`,
  };
}
