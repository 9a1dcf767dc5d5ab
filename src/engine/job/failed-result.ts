/** The result of a file that no worker finished: missing, crashed twice, timed out, cancelled. */
import type { ErrorKind, FileResult, XmlError } from '../../shared/results';
import type { TaskName } from '../../shared/tasks';
import type { ExpandedInput } from '../input/types';
import type { FileRef } from '../tasks/types';

export function failedResult(
  input: ExpandedInput,
  index: number,
  task: TaskName,
  error: XmlError,
  attempts = 0,
): FileResult {
  return {
    file: input.path,
    relative: input.relative,
    index,
    task,
    ok: false,
    bytes: input.size ?? 0,
    elements: 0,
    errorMode: 'first-fatal',
    errors: [error],
    encoding: null,
    durationMs: 0,
    workerId: null,
    attempts,
  };
}

/** The same, for a file a remote worker (or the dispatcher sending it) could not read. */
export function unreadFileResult(file: FileRef, task: TaskName, error: XmlError): FileResult {
  const input: ExpandedInput = { path: file.path, relative: file.relative, size: file.size, error };
  return failedResult(input, file.index, task, error, 1);
}

export function plainError(kind: ErrorKind, message: string): XmlError {
  return { kind, line: null, column: null, offset: null, message };
}

export const CANCELLED_ERROR: XmlError = plainError('cancelled', 'the job was cancelled');
