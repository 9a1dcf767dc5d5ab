/**
 * Reads `xmlpool run`'s command line into job options. Every mistake is a usage error with a
 * message that names the option; nothing runs until the whole command line is valid.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { REPORT_FORMATS, type ReportFormat } from '../shared/results';
import {
  BACKENDS,
  DEFAULT_JOB_OPTIONS,
  type JobOptions,
  ORDERS,
  TASK_NAMES,
} from '../shared/tasks';

export interface RunArgs {
  paths: string[];
  include: string[];
  options: JobOptions;
  /** Report file; null writes the report to stdout. */
  out: string | null;
  format: ReportFormat;
  bom: boolean;
}

export type ParsedRunArgs =
  | { kind: 'run'; args: RunArgs }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

/** Every option `xmlpool run` accepts; RUN_USAGE documents each one (run-args.test.ts checks). */
export const RUN_OPTIONS = {
  task: { type: 'string' },
  workers: { type: 'string', short: 'w' },
  backend: { type: 'string' },
  'row-tag': { type: 'string' },
  include: { type: 'string', multiple: true },
  order: { type: 'string' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  bom: { type: 'boolean' },
  'out-dir': { type: 'string' },
  force: { type: 'boolean' },
  timeout: { type: 'string' },
  'memory-mb': { type: 'string' },
  'attribute-prefix': { type: 'string' },
  'text-node-name': { type: 'string' },
  'always-array': { type: 'string', multiple: true },
  'parse-numbers': { type: 'boolean' },
  'parse-booleans': { type: 'boolean' },
  'json-limit-mb': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

export function parseRunArgs(argv: string[]): ParsedRunArgs {
  try {
    return parse(argv);
  } catch (error) {
    // parseArgs throws TypeErrors with clear messages for unknown options and missing values.
    if (error instanceof UsageError || error instanceof TypeError) {
      return { kind: 'usage-error', message: error.message };
    }
    throw error;
  }
}

function parse(argv: string[]): ParsedRunArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    options: RUN_OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return { kind: 'help' };
  if (positionals.length === 0) throw new UsageError('no input: give at least one file or folder');

  const task = oneOf('--task', values.task, TASK_NAMES, DEFAULT_JOB_OPTIONS.task);
  const outDir = values['out-dir'] ?? null;
  if (task === 'convert' && outDir === null) {
    throw new UsageError('--task convert needs --out-dir DIR for its JSON outputs');
  }
  const rowTag = values['row-tag'] ?? null;
  if (rowTag !== null && rowTag.trim() === '') throw new UsageError('--row-tag needs a name');
  const defaults = DEFAULT_JOB_OPTIONS.convert;
  const options: JobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    task,
    workers: wholeNumber('--workers', values.workers, availableParallelism(), 1),
    backend: oneOf('--backend', values.backend, BACKENDS, DEFAULT_JOB_OPTIONS.backend),
    order: oneOf('--order', values.order, ORDERS, DEFAULT_JOB_OPTIONS.order),
    rowTag,
    taskTimeoutMs: wholeNumber('--timeout', values.timeout, DEFAULT_JOB_OPTIONS.taskTimeoutMs, 0),
    workerMemoryMb: wholeNumber(
      '--memory-mb',
      values['memory-mb'],
      DEFAULT_JOB_OPTIONS.workerMemoryMb,
      64,
    ),
    outDir,
    force: values.force ?? false,
    convert: {
      attributePrefix: values['attribute-prefix'] ?? defaults.attributePrefix,
      textNodeName: values['text-node-name'] ?? defaults.textNodeName,
      alwaysArray: values['always-array'] ?? defaults.alwaysArray,
      parseNumbers: values['parse-numbers'] ?? defaults.parseNumbers,
      parseBooleans: values['parse-booleans'] ?? defaults.parseBooleans,
      wholeDocumentLimitBytes:
        wholeNumber(
          '--json-limit-mb',
          values['json-limit-mb'],
          defaults.wholeDocumentLimitBytes / (1024 * 1024),
          0,
        ) *
        1024 *
        1024,
    },
  };
  return {
    kind: 'run',
    args: {
      paths: positionals,
      include: values.include ?? ['*.xml'],
      options,
      out: values.out ?? null,
      format: oneOf('--format', values.format, REPORT_FORMATS, 'ndjson'),
      bom: values.bom ?? false,
    },
  };
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}, not '${value}'`);
  }
  return match;
}

function wholeNumber(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${name} must be a whole number of at least ${min}, not '${value}'`);
  }
  return n;
}
