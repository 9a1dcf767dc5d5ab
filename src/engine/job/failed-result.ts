/** The result of a file that no worker finished: missing, crashed twice, timed out, cancelled. */
import type { ErrorKind, FileResult, XmlError } from '../../shared/results';
import type { TaskName } from '../../shared/tasks';
import type { ExpandedInput } from '../input/types';

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

export function plainError(kind: ErrorKind, message: string): XmlError {
  return { kind, line: null, column: null, offset: null, message };
}

export const CANCELLED_ERROR: XmlError = plainError('cancelled', 'the job was cancelled');
