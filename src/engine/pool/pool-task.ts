/**
 * Bookkeeping for submitted units. A Submission is one `submit()` call; it ends when all its
 * Tasks have ended. A Task is one attempt to run (part of) the unit on a worker: the first
 * attempt runs the whole unit; after a fault, the files that produced no output are retried,
 * one Task per file, so that only the culprit of a batch fails.
 */
import type { FileRef, UnitOutput, WorkUnit } from '../tasks/types';
import type { FileFailure, UnitOutcome } from './types';

export interface Submission {
  onOutput(output: UnitOutput, workerId: number): void;
  resolve(outcome: UnitOutcome): void;
  /** Tasks queued or running. */
  open: number;
  /** One entry per failed file, in the order they failed. */
  failures: FileFailure[];
  cancelled: FileRef[];
  /** Its caller aborted it: nothing more of it runs, and a fault is not retried. */
  aborted: boolean;
}

export function newSubmission(
  onOutput: Submission['onOutput'],
  resolve: Submission['resolve'],
): Submission {
  return { onOutput, resolve, open: 1, failures: [], cancelled: [], aborted: false };
}

export interface Task {
  submission: Submission;
  unit: WorkUnit;
  /** 1 for the first run, 2 for the retry. */
  attempt: number;
  /** Files that have produced no output yet. */
  remaining: FileRef[];
}

export function filesOf(unit: WorkUnit): FileRef[] {
  return unit.kind === 'files' ? [...unit.files] : [unit.file];
}

export function newTask(submission: Submission, unit: WorkUnit, attempt: number): Task {
  return { submission, unit, attempt, remaining: filesOf(unit) };
}

/** The file an output finishes, if it is one of the task's remaining files. */
export function finishedBy(task: Task, output: UnitOutput): FileRef | undefined {
  if (output.kind === 'chunk') return task.remaining[0];
  return task.remaining.find((file) => file.index === output.result.index);
}

/**
 * Whether an output is a task done in its worker's count: a file (or chunk) that an abort
 * stopped part way is reported, as cancelled, but was not done.
 */
export function countsAsDone(output: UnitOutput): boolean {
  if (output.kind === 'file') return output.result.errors[0]?.kind !== 'cancelled';
  // Chunk results are checked by the split code; only their error's kind matters here.
  const { result } = output;
  const error =
    typeof result === 'object' && result !== null && 'error' in result ? result.error : null;
  return !(
    typeof error === 'object' &&
    error !== null &&
    'kind' in error &&
    error.kind === 'cancelled'
  );
}

/** Retry tasks for the files a faulted task left unfinished. */
export function retriesOf(task: Task): Task[] {
  if (task.unit.kind === 'chunk') return [newTask(task.submission, task.unit, task.attempt + 1)];
  return task.remaining.map((file) =>
    newTask(task.submission, { kind: 'files', files: [file] }, task.attempt + 1),
  );
}

export function outcomeOf(submission: Submission): UnitOutcome {
  const failures = [...submission.failures].sort((a, b) => a.file.index - b.file.index);
  if (submission.cancelled.length > 0) {
    const unfinished = [...submission.cancelled].sort((a, b) => a.index - b.index);
    return { status: 'cancelled', unfinished, failures };
  }
  return failures.length === 0 ? { status: 'done' } : { status: 'failed', failures };
}
