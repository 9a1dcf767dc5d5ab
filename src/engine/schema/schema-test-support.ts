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
  /** Lines of the validity errors xmllint printed, in its order. */
  lines: number[];
  messages: string[];
  stderr: string;
}

/** Runs xmllint on one document; `args` choose the schema (`--schema x.xsd`, `--valid`, …). */
export function xmllint(args: string[], document: string): LintVerdict {
  const run = spawnSync('xmllint', ['--noout', '--nonet', ...args, document], {
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  const lines: number[] = [];
  const messages: string[] = [];
  for (const line of run.stderr.split('\n')) {
    const match = /^.+?:(\d+): (?:element [^:]+: )?(?:[\w -]+ )?(?:validity error|Schemas validity error|Relax-NG validity error) : (.*)$/.exec(line);
    if (match) {
      lines.push(Number(match[1]));
      messages.push(match[2] ?? '');
    }
  }
  return { valid: run.status === 0, lines, messages, stderr: run.stderr };
}
