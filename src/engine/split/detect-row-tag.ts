/**
 * Picks the record element when the user asked for `--row-tag auto`. It only answers when the
 * head of the file leaves no doubt: every direct child of the root in the sample has the same
 * name, there are enough of them, that name never appears nested inside a record, and the
 * sample is well-formed. Anything else returns null, and the file is not split.
 */
import type { ScanLimits } from '../../shared/tasks';
import { sampleRootChildren } from './scanner-port';
import type { RootContext } from './types';

/** Fewer records than this in the sample is too little evidence of a repeating record. */
export const MIN_DETECTED_RECORDS = 8;

export async function detectRowTag(
  path: string,
  root: RootContext,
  sampleBytes: number,
  limits: ScanLimits,
): Promise<string | null> {
  const sample = await sampleRootChildren(path, root, sampleBytes, limits);
  if (sample.failed || sample.counts.size !== 1) return null;
  const [only] = sample.counts;
  if (!only) return null;
  const [name, count] = only;
  if (count < MIN_DETECTED_RECORDS || sample.nestedNames.has(name)) return null;
  return name;
}
