// TEMPORARY stand-in until the streaming scanner lands (issue 3): reads the whole file and uses
// fast-xml-parser's validator. Replaced by src/engine/xml.
import { readFile } from 'node:fs/promises';
import { XMLValidator } from 'fast-xml-parser';
import type { FileResult } from '../../shared/results';
import type { FileRef, TaskContext } from './types';

export async function validateFile(file: FileRef, ctx: TaskContext): Promise<FileResult> {
  const started = performance.now();
  const base = {
    file: file.path,
    index: file.index,
    task: ctx.options.task,
    bytes: file.size,
    elements: 0,
    errorMode: 'first-fatal' as const,
    encoding: null,
    workerId: ctx.workerId,
    attempts: 1,
  };
  let text: string;
  try {
    text = await readFile(file.path, 'utf8');
  } catch (error) {
    return {
      ...base,
      ok: false,
      errors: [{ kind: 'io', line: null, column: null, offset: null, message: String(error) }],
      durationMs: performance.now() - started,
    };
  }
  ctx.progress(file.path, { start: 0, end: file.size }, file.size);
  const verdict = XMLValidator.validate(text);
  const errors =
    verdict === true
      ? []
      : [
          {
            kind: 'syntax' as const,
            line: verdict.err.line,
            column: verdict.err.col,
            offset: null,
            message: verdict.err.msg,
          },
        ];
  return { ...base, ok: verdict === true, errors, durationMs: performance.now() - started };
}
