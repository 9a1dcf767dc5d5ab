/**
 * Did a file change while the job used it? A verdict on bytes that no longer exist is worse
 * than none: a file that grew or shrank between planning and reading gave a result for another
 * file, and split mode then disagreed with a one-worker run. So the planner records each file's
 * size and modification time (its stamp), and every reader checks the stamp just before it
 * reads (against the plan) and again just after (against the stamp before).
 */
import { type BigIntStats, fstatSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fsPath } from './escaped-path';

export interface FileStamp {
  size: number;
  /** Modification time in milliseconds, to the microsecond (the same on every side). */
  mtimeMs: number;
}

/** What the planner saw; the modification time is unknown where a caller never stamped it. */
export interface PlannedStamp {
  size: number;
  mtimeMs?: number | undefined;
}

export function stampOf(stats: BigIntStats): FileStamp {
  return { size: Number(stats.size), mtimeMs: Number(stats.mtimeNs / 1000n) / 1000 };
}

export function fstampSync(fd: number): FileStamp {
  return stampOf(fstatSync(fd, { bigint: true }));
}

export async function stampAt(path: string): Promise<FileStamp> {
  return stampOf(await stat(fsPath(path), { bigint: true }));
}

/** The file is not what the job planned with, or changed while it was read. */
export class FileChangedError extends Error {
  override name = 'FileChangedError';
}

function bytes(count: number): string {
  return `${count.toLocaleString('en-US')} bytes`;
}

/** Throws FileChangedError when `now` is not the stamp the job planned with. */
export function checkAsPlanned(planned: PlannedStamp, now: FileStamp): void {
  if (now.size !== planned.size) {
    throw new FileChangedError(
      `the file changed after the job was planned: ${bytes(planned.size)} then, ${bytes(now.size)} now`,
    );
  }
  if (planned.mtimeMs !== undefined && now.mtimeMs !== planned.mtimeMs) {
    throw new FileChangedError(
      `the file was modified after the job was planned (its size, ${bytes(now.size)}, is the same)`,
    );
  }
}

/**
 * Throws FileChangedError when the file at `path` is no longer as planned: for readers that read
 * it more than once (convert scans it, then reads its records back), just before they commit.
 */
export async function checkStillAsPlanned(path: string, planned: PlannedStamp): Promise<void> {
  checkAsPlanned(planned, await stampAt(path));
}

/** A FileChangedError when the file changed between the stamps taken before and after a read. */
export function changeDuringRead(before: FileStamp, after: FileStamp): FileChangedError | null {
  if (after.size !== before.size) {
    return new FileChangedError(
      `the file changed while it was read: ${bytes(before.size)} → ${bytes(after.size)}`,
    );
  }
  if (after.mtimeMs !== before.mtimeMs) {
    return new FileChangedError('the file was modified while it was read');
  }
  return null;
}

/**
 * Watches one read of an open file: checks the plan at the start, and tells at the end (or when
 * the read failed: a half-written file fails to parse) whether the file changed meanwhile.
 */
export class ReadWatch {
  readonly before: FileStamp;

  /** Throws FileChangedError when the file is not as planned. */
  /** `opened`: the fstat of `fd` the caller just made, if it made one (it saves a system call). */
  constructor(
    private readonly fd: number,
    planned: PlannedStamp | undefined,
    opened?: BigIntStats,
  ) {
    this.before = opened === undefined ? fstampSync(fd) : stampOf(opened);
    if (planned) checkAsPlanned(planned, this.before);
  }

  /** The change since the read started, or null. */
  change(): FileChangedError | null {
    return changeDuringRead(this.before, fstampSync(this.fd));
  }
}
