/**
 * Bookkeeping for submitted units. A Submission is one `submit()` call; it ends when all its
 * Tasks have ended. A Task is one attempt to run (part of) the unit on a worker: the first
 * attempt runs the whole unit; after a fault, the files that produced no output are retried,
 * one Task per file, so that only the culprit of a batch fails.
 */
import type { XmlError } from '../../shared/results';
import type { FileRef, UnitOutput, WorkUnit } from '../tasks/types';
import type { UnitOutcome } from './types';

export interface Submission {
  onOutput(output: UnitOutput, workerId: number): void;
  resolve(outcome: UnitOutcome): void;
  /** Tasks queued or running. */
  open: number;
  failures: { error: XmlError; files: FileRef[]; attempts: number }[];
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

/** Retry tasks for the files a faulted task left unfinished. */
export function retriesOf(task: Task): Task[] {
  if (task.unit.kind === 'chunk') return [newTask(task.submission, task.unit, task.attempt + 1)];
  return task.remaining.map((file) =>
    newTask(task.submission, { kind: 'files', files: [file] }, task.attempt + 1),
  );
}

export function outcomeOf(submission: Submission): UnitOutcome {
  if (submission.cancelled.length > 0) {
    // Files that failed are reported as unfinished too, so every file still gets a result.
    const failed = submission.failures.flatMap((failure) => failure.files);
    const unfinished = [...failed, ...submission.cancelled].sort((a, b) => a.index - b.index);
    return { status: 'cancelled', unfinished };
  }
  const first = submission.failures[0];
  if (first === undefined) return { status: 'done' };
  return {
    status: 'failed',
    error: first.error,
    attempts: Math.max(...submission.failures.map((failure) => failure.attempts)),
    unfinished: submission.failures.flatMap((failure) => failure.files),
  };
}
