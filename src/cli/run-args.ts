/**
 * Reads `xmlpool run`'s command line into job options. Every mistake is a usage error with a
 * message that names the option; nothing runs until the whole command line is valid.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { tableFormatOf } from '../engine/extract/table/table-columns';
import { type ColumnSpec, ColumnSpecError, parseColumnSpec } from '../shared/column-spec';
import { REPORT_FORMATS, type ReportFormat } from '../shared/results';
import {
  BACKENDS,
  BAD_VALUE_POLICIES,
  DEFAULT_JOB_OPTIONS,
  type ExtractOptions,
  FILE_ERROR_POLICIES,
  type JobOptions,
  type NamespaceBinding,
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
  /** Extract: the table file; null with --print-columns. */
  table: string | null;
  /** Extract: print the columns (given or inferred) and stop. */
  printColumns: boolean;
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
  columns: { type: 'string' },
  table: { type: 'string' },
  'print-columns': { type: 'boolean' },
  join: { type: 'string' },
  'on-bad-value': { type: 'string' },
  'on-error': { type: 'string' },
  ns: { type: 'string', multiple: true },
  'source-column': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * More workers than this is a typo, not a plan: each one is a thread or process with its own
 * heap, and asking for billions ran the CLI out of memory before it could say anything.
 */
const MAX_WORKERS = 256;
/** The longest timer Node can set; a longer one fires at once instead. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Options that only mean something to `--task convert`. */
const CONVERT_ONLY = [
  'out-dir',
  'force',
  'attribute-prefix',
  'text-node-name',
  'always-array',
  'parse-numbers',
  'parse-booleans',
  'json-limit-mb',
] as const;

/** Options that only mean something to `--task extract`. */
const EXTRACT_ONLY = [
  'columns',
  'table',
  'print-columns',
  'join',
  'on-bad-value',
  'on-error',
  'ns',
  'source-column',
] as const;

class UsageError extends Error {}

export function parseRunArgs(argv: string[]): ParsedRunArgs {
  try {
    return parse(argv);
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'usage-error', message: error.message };
    // parseArgs throws TypeErrors for unknown options and missing or unexpected values.
    if (error instanceof TypeError) return { kind: 'usage-error', message: oneLine(error) };
    throw error;
  }
}

/** parseArgs's messages run over several lines and talk about its own syntax; one line here. */
function oneLine(error: TypeError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  const unknown = /^Unknown option '([^']+)'/.exec(first);
  if (unknown) {
    return `unknown option '${unknown[1]}' (a file whose name starts with '-' goes after --)`;
  }
  // `--workers -1`: parseArgs will not take a value that looks like an option.
  const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(first);
  if (ambiguous?.[1] !== undefined) {
    const name = longName(ambiguous[1]);
    return `${name} needs a value; for one that starts with '-', write ${name}=VALUE`;
  }
  return first;
}

function longName(option: string): string {
  const short = Object.entries(RUN_OPTIONS).find(
    ([, config]) => 'short' in config && `-${config.short}` === option,
  );
  return short ? `--${short[0]}` : option;
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
  const convertOnly = CONVERT_ONLY.find((name) => values[name] !== undefined);
  if (task !== 'convert' && convertOnly !== undefined) {
    throw new UsageError(`--${convertOnly} applies only to --task convert`);
  }
  const extractOnly = EXTRACT_ONLY.find((name) => values[name] !== undefined);
  if (task !== 'extract' && extractOnly !== undefined) {
    throw new UsageError(`--${extractOnly} applies only to --task extract`);
  }
  const format = oneOf('--format', values.format, REPORT_FORMATS, 'ndjson');
  const table = values.table ?? null;
  const tableFormat = table === null ? null : tableFormatOf(table);
  if (table !== null && tableFormat === null) {
    throw new UsageError(
      `--table ${table}: name a .csv, .tsv, .ndjson, .jsonl, .parquet or .xlsx file`,
    );
  }
  const bomTable = tableFormat === 'csv' || tableFormat === 'tsv';
  if (values.bom && format !== 'csv' && !bomTable) {
    throw new UsageError('--bom applies only to --format csv and to a .csv or .tsv --table');
  }
  const include = values.include ?? ['*.xml'];
  if (include.some((glob) => glob.trim() === '')) {
    throw new UsageError("--include needs a glob, e.g. --include '*.xml'");
  }
  const rowTag = values['row-tag'] ?? null;
  if (rowTag !== null && rowTag.trim() === '') throw new UsageError('--row-tag needs a name');
  // Characters no element name has: `<row>` or `a b` could never match, and the file would
  // quietly run whole.
  if (rowTag !== null && /[\s<>/"'=&]/.test(rowTag)) {
    throw new UsageError(`--row-tag must be an element name such as record, not '${rowTag}'`);
  }
  const printColumns = values['print-columns'] ?? false;
  if (task === 'extract' && rowTag === null) {
    throw new UsageError('--task extract needs --row-tag NAME (the record element) or auto');
  }
  if (task === 'extract' && table === null && !printColumns) {
    throw new UsageError('--task extract needs --table FILE (or --print-columns)');
  }
  const extract: ExtractOptions = {
    ...DEFAULT_JOB_OPTIONS.extract,
    columns: values.columns === undefined ? [] : columnsOption(values.columns),
    format: tableFormat ?? DEFAULT_JOB_OPTIONS.extract.format,
    join: values.join ?? DEFAULT_JOB_OPTIONS.extract.join,
    onBadValue: oneOf(
      '--on-bad-value',
      values['on-bad-value'],
      BAD_VALUE_POLICIES,
      DEFAULT_JOB_OPTIONS.extract.onBadValue,
    ),
    onError: oneOf(
      '--on-error',
      values['on-error'],
      FILE_ERROR_POLICIES,
      DEFAULT_JOB_OPTIONS.extract.onError,
    ),
    namespaces: (values.ns ?? []).map(namespaceOption),
    sourceColumn: sourceColumnOption(values['source-column']),
    bom: bomTable && (values.bom ?? false),
  };
  if (
    extract.sourceColumn !== null &&
    extract.columns.some((column) => column.name === extract.sourceColumn)
  ) {
    throw new UsageError(`--source-column ${extract.sourceColumn} is also a column's name`);
  }
  const defaults = DEFAULT_JOB_OPTIONS.convert;
  const options: JobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    task,
    workers: wholeNumber('--workers', values.workers, availableParallelism(), 1, MAX_WORKERS),
    backend: oneOf('--backend', values.backend, BACKENDS, DEFAULT_JOB_OPTIONS.backend),
    order: oneOf('--order', values.order, ORDERS, DEFAULT_JOB_OPTIONS.order),
    rowTag,
    taskTimeoutMs: wholeNumber(
      '--timeout',
      values.timeout,
      DEFAULT_JOB_OPTIONS.taskTimeoutMs,
      0,
      MAX_TIMEOUT_MS,
    ),
    workerMemoryMb: wholeNumber(
      '--memory-mb',
      values['memory-mb'],
      DEFAULT_JOB_OPTIONS.workerMemoryMb,
      64,
    ),
    outDir,
    force: values.force ?? false,
    extract,
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
      include,
      options,
      // '-' is stdout, as for most command-line tools.
      out: values.out === undefined || values.out === '-' ? null : values.out,
      format,
      bom: format === 'csv' && (values.bom ?? false),
      table,
      printColumns,
    },
  };
}

function columnsOption(text: string): ColumnSpec[] {
  try {
    return parseColumnSpec(text);
  } catch (error) {
    if (error instanceof ColumnSpecError) throw new UsageError(`--columns: ${error.message}`);
    throw error;
  }
}

function namespaceOption(text: string): NamespaceBinding {
  const equals = text.indexOf('=');
  const prefix = text.slice(0, Math.max(0, equals));
  const uri = text.slice(equals + 1);
  if (equals < 1 || uri === '' || !/^[\p{L}_][\p{L}\p{N}._-]*$/u.test(prefix)) {
    throw new UsageError(`--ns must be PREFIX=URI, e.g. --ns b=urn:books, not '${text}'`);
  }
  return { prefix, uri };
}

function sourceColumnOption(name: string | undefined): string | null {
  if (name === undefined) return null;
  if (name.trim() === '' || /[=,\p{Cc}]/u.test(name)) {
    throw new UsageError(`--source-column must be a column name, not '${name}'`);
  }
  return name;
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
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`${name} must be a whole number ${range}, not '${value}'`);
  }
  return n;
}
