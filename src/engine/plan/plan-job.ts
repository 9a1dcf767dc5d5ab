/**
 * The plan of a job: what goes to the pool, in which order. Files are ordered (largest first by
 * default), big files are offered to the split planner when a row tag is set, and the small
 * ones are batched.
 */
import type { JobOptions } from '../../shared/tasks';
import type { SplitPlan } from '../split/types';
import type { FileRef, FilesUnit } from '../tasks/types';
import { type BatchLimits, batchFiles, batchLimitsFor, DEFAULT_BATCH_LIMITS } from './batching';
import { orderFiles } from './order';

export type PlannedWork =
  | { kind: 'files'; unit: FilesUnit }
  /** One file split into record-aligned chunks that run on several workers at once. */
  | { kind: 'split'; file: FileRef; plan: SplitPlan };

/** The split planner's signature (src/engine/split); injected so tests can plan without it. */
export type SplitPlanner = (
  file: FileRef,
  rowTag: string | 'auto',
  workers: number,
  options: JobOptions,
) => Promise<SplitPlan | null>;

export async function planJob(
  files: readonly FileRef[],
  options: JobOptions,
  planSplit: SplitPlanner,
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): Promise<PlannedWork[]> {
  const ordered = orderFiles(files, options.order);
  const jobLimits = batchLimitsFor(files, options.workers, limits);
  const work: PlannedWork[] = [];
  let whole: FileRef[] = [];
  const flush = (): void => {
    for (const unit of batchFiles(whole, jobLimits)) work.push({ kind: 'files', unit });
    whole = [];
  };
  for (const file of ordered) {
    // Small files are never worth splitting; the planner has its own, higher threshold too.
    // With a schema the row tag is for batch validation in one worker (src/engine/schema).
    const plan =
      options.rowTag !== null && options.schema.mode === 'none' && file.size >= limits.maxBytes
        ? await planOrWhole(planSplit, file, options.rowTag, options)
        : null;
    if (plan === null || plan.chunks.length < 2) {
      whole.push(file);
      continue;
    }
    // Keep the dispatch order: whole files planned so far go before this split file.
    flush();
    work.push({ kind: 'split', file, plan });
  }
  flush();
  return work;
}

/**
 * A file the planner cannot read (it vanished, it is unreadable) simply runs whole: its worker
 * then reports the problem as that file's result.
 */
async function planOrWhole(
  planSplit: SplitPlanner,
  file: FileRef,
  rowTag: string,
  options: JobOptions,
): Promise<SplitPlan | null> {
  try {
    return await planSplit(file, rowTag, options.workers, options);
  } catch {
    return null;
  }
}
