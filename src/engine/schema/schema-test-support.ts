/**
 * Test support for schema validation: a task context for a schema job, xmllint (the reference
 * the results are compared with) and its error lines.
 */
import { spawnSync } from 'node:child_process';
import { DEFAULT_JOB_OPTIONS, type JobOptions, type SchemaOptions } from '../../shared/tasks';
import type { TaskContext } from '../tasks/types';

export function schemaJob(schema: Partial<SchemaOptions>, overrides: Partial<JobOptions> = {}) {
  const options: JobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    workers: 1,
    task: 'validate',
    schema: { ...DEFAULT_JOB_OPTIONS.schema, mode: 'file', ...schema },
    ...overrides,
  };
  return options;
}

export function schemaContext(options: JobOptions): TaskContext & { recycled: () => boolean } {
  let recycled = false;
  return {
    options,
    signal: new AbortController().signal,
    progress: () => undefined,
    workerId: 1,
    outputDir: '/nonexistent',
    recycle: () => {
      recycled = true;
    },
    recycled: () => recycled,
  };
}

export interface LintVerdict {
  valid: boolean;
  /** Lines of the errors xmllint printed for the document (parser and validity), in its order. */
  lines: number[];
  /** Its error lines, as printed. */
  stderr: string;
}

const ERROR_LINE = /^(.+?):(\d+): .*\berror\b/;

/**
 * Runs xmllint once over several documents (one process each would cost ~50 ms apiece on a busy
 * machine); `args` choose the schema (`--schema x.xsd`, `--valid`, …). Each document's verdict
 * comes from its own error lines and summary line.
 */
export function xmllintAll(args: string[], documents: string[]): Map<string, LintVerdict> {
  const run = spawnSync('xmllint', ['--noout', '--nonet', ...args, ...documents], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  const verdicts = new Map<string, LintVerdict>(
    documents.map((document) => [document, { valid: true, lines: [], stderr: '' }]),
  );
  for (const line of run.stderr.split('\n')) {
    const error = ERROR_LINE.exec(line);
    const failed =
      /^(?:Document )?(.+?) (?:fails to validate|does not validate|validation generated an internal error)/.exec(
        line,
      );
    const file = error?.[1] ?? failed?.[1];
    const verdict = file === undefined ? undefined : verdicts.get(file);
    if (verdict === undefined) continue;
    verdict.valid = false;
    if (error) {
      verdict.lines.push(Number(error[2]));
      verdict.stderr += `${line}\n`;
    }
  }
  return verdicts;
}
