/**
 * Reads `xmlpool run`'s command line into job options. Every mistake is a usage error with a
 * message that names the option; nothing runs until the whole command line is valid.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { tableFormatOf } from '../engine/extract/table/table-columns';
import { type ColumnSpec, ColumnSpecError, parseColumnSpec } from '../shared/column-spec';
import { REPORT_FORMATS, type ReportFormat } from '../shared/results';
import {
  BACKENDS,
  BAD_VALUE_POLICIES,
  type ClusterOptions,
  DEFAULT_CLUSTER_OPTIONS,
  DEFAULT_JOB_OPTIONS,
  type ExtractOptions,
  FILE_ERROR_POLICIES,
  type JobOptions,
  MAX_ERRORS_LIMIT,
  type NamespaceBinding,
  ORDERS,
  type SchemaOptions,
  TASK_NAMES,
  type TableFormat,
} from '../shared/tasks';
import { parseClusterOptions, ValidationError } from '../shared/validate';
import { NATS_CONNECTION_OPTIONS, natsConnectionOf } from './nats-args';

export interface RunArgs {
  paths: string[];
  include: string[];
  options: JobOptions;
  /** Report file; null writes the report to stdout. */
  out: string | null;
  format: ReportFormat;
  /** Convert may replace outputs an earlier run left in --out-dir. */
  overwrite: boolean;
  /** --format was given: the report is that format even on a terminal. */
  formatGiven: boolean;
  bom: boolean;
  /** GNU parallel-style job log of every task attempt, or null. */
  joblog: string | null;
  /** Chrome Trace Event Format file of the run, or null. */
  trace: string | null;
  /** Self-contained HTML report, or null. */
  reportHtml: string | null;
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
  joblog: { type: 'string' },
  trace: { type: 'string' },
  'report-html': { type: 'string' },
  'out-dir': { type: 'string' },
  force: { type: 'boolean' },
  overwrite: { type: 'boolean' },
  timeout: { type: 'string' },
  'memory-mb': { type: 'string' },
  'max-depth': { type: 'string' },
  'max-entity-expansions': { type: 'string' },
  'max-entity-chars': { type: 'string' },
  'attribute-prefix': { type: 'string' },
  'text-node-name': { type: 'string' },
  'always-array': { type: 'string', multiple: true },
  'parse-numbers': { type: 'boolean' },
  'parse-booleans': { type: 'boolean' },
  'json-limit-mb': { type: 'string' },
  schema: { type: 'string' },
  catalog: { type: 'string', multiple: true },
  'max-errors': { type: 'string' },
  ...NATS_CONNECTION_OPTIONS,
  'shared-fs': { type: 'boolean' },
  'ack-wait': { type: 'string' },
  'max-deliver': { type: 'string' },
  'job-ttl': { type: 'string' },
  replicas: { type: 'string' },
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

/** Options that only mean something with --nats. */
const CLUSTER_ONLY = [
  'nats-creds',
  'nats-nkey',
  'nats-tls-ca',
  'nats-tls-cert',
  'nats-tls-key',
  'shared-fs',
  'ack-wait',
  'max-deliver',
  'job-ttl',
  'replicas',
] as const;

/**
 * More workers than this is a typo, not a plan: each one is a thread or process with its own
 * heap, and asking for billions ran the CLI out of memory before it could say anything.
 */
const MAX_WORKERS = 256;
/** The longest timer Node can set; a longer one fires at once instead. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Options that only mean something to `--task validate` with a schema. */
const SCHEMA_ONLY = ['catalog', 'max-errors'] as const;

/** Options that only mean something to `--task convert`. */
const CONVERT_ONLY = [
  'out-dir',
  'force',
  'overwrite',
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

/** Table formats that write a list column as text joined with `--join`. */
const JOINED_LIST_FORMATS: ReadonlySet<TableFormat> = new Set(['csv', 'tsv', 'xlsx']);

class UsageError extends Error {}

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = {}): ParsedRunArgs {
  try {
    return parse(argv, env);
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

function parse(argv: string[], env: NodeJS.ProcessEnv): ParsedRunArgs {
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
  const schema = schemaOptions(values);
  if (task !== 'validate' && values.schema !== undefined) {
    throw new UsageError('--schema applies only to --task validate');
  }

  const extractOnly = EXTRACT_ONLY.find((name) => values[name] !== undefined);
  if (task !== 'extract' && extractOnly !== undefined) {
    throw new UsageError(`--${extractOnly} applies only to --task extract`);
  }
  const format = oneOf('--format', values.format, REPORT_FORMATS, 'ndjson');
  const table = values.table ?? null;
  const tableFormat = table === null ? null : tableFormatOf(table);
  if (table !== null && tableFormat === null) {
    // Also a device (/dev/null, /dev/stdout): the table is written beside its name and renamed
    // into place, so it must be a file, and only an extension says its format.
    throw new UsageError(
      `--table ${table}: the table's format comes from its extension: name a .csv, .tsv, .ndjson, .jsonl, .parquet or .xlsx file (a device such as /dev/null cannot be one: write to a file in a temporary folder instead, or use --print-columns to see the columns only)`,
    );
  }
  // NDJSON and Parquet keep a list as an array: a separator would be ignored.
  if (values.join !== undefined && tableFormat !== null && !JOINED_LIST_FORMATS.has(tableFormat)) {
    throw new UsageError('--join applies only to a .csv, .tsv or .xlsx --table');
  }
  const bomTable = tableFormat === 'csv' || tableFormat === 'tsv';
  if (values.bom && !format.startsWith('csv') && !bomTable) {
    throw new UsageError(
      '--bom applies only to --format csv and csv-errors, and to a .csv or .tsv --table',
    );
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
  const out = values.out === undefined || values.out === '-' ? null : values.out;
  const files = {
    joblog: fileOption('--joblog', values.joblog),
    trace: fileOption('--trace', values.trace),
    reportHtml: fileOption('--report-html', values['report-html']),
  };
  checkDistinct({
    '--out': out,
    '--joblog': files.joblog,
    '--trace': files.trace,
    '--report-html': files.reportHtml,
  });
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
  const limits = DEFAULT_JOB_OPTIONS.limits;
  const cluster = clusterOptions(values, env);
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
    limits: {
      // The same lower bounds as the service's parseScanLimits: a depth of 0 admits no root.
      maxDepth: wholeNumber('--max-depth', values['max-depth'], limits.maxDepth, 1),
      maxEntityExpansions: wholeNumber(
        '--max-entity-expansions',
        values['max-entity-expansions'],
        limits.maxEntityExpansions,
        0,
      ),
      maxEntityExpandedChars: wholeNumber(
        '--max-entity-chars',
        values['max-entity-chars'],
        limits.maxEntityExpandedChars,
        0,
      ),
    },
    outDir,
    force: values.force ?? false,
    schema,
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
    cluster,
  };
  return {
    kind: 'run',
    args: {
      paths: positionals,
      include,
      options,
      // '-' is stdout, as for most command-line tools.
      out,
      format,
      formatGiven: values.format !== undefined,
      overwrite: values.overwrite ?? false,
      bom: format.startsWith('csv') && (values.bom ?? false),
      ...files,
      table,
      printColumns,
    },
  };
}

/** --schema FILE|auto, --catalog FILE..., --max-errors N. */
function schemaOptions(values: {
  schema?: string;
  catalog?: string[];
  'max-errors'?: string;
}): SchemaOptions {
  const defaults = DEFAULT_JOB_OPTIONS.schema;
  const given = values.schema;
  if (given === undefined) {
    const schemaOnly = SCHEMA_ONLY.find((name) => values[name] !== undefined);
    if (schemaOnly !== undefined) {
      throw new UsageError(`--${schemaOnly} applies only with --schema FILE or --schema auto`);
    }
    return defaults;
  }
  if (given.trim() === '') throw new UsageError('--schema needs a file, or auto');
  const catalogs = values.catalog ?? [];
  if (catalogs.some((path) => path.trim() === '')) throw new UsageError('--catalog needs a file');
  return {
    mode: given === 'auto' ? 'auto' : 'file',
    // Relative to where the command runs, as every other path it is given.
    file: given === 'auto' ? null : resolve(given),
    catalogs: catalogs.map((path) => resolve(path)),
    maxErrors: wholeNumber(
      '--max-errors',
      values['max-errors'],
      defaults.maxErrors,
      1,
      MAX_ERRORS_LIMIT,
    ),
  };
}

/** A file to write after the run: its name, or null when the option is absent. */
function fileOption(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.trim() === '' || value === '-') throw new UsageError(`${name} needs a file name`);
  return value;
}

/** Two outputs naming the same file would overwrite each other. */
function checkDistinct(files: Record<string, string | null>): void {
  const seen = new Map<string, string>();
  for (const [name, file] of Object.entries(files)) {
    if (file === null) continue;
    const other = seen.get(resolve(file));
    if (other !== undefined)
      throw new UsageError(`${other} and ${name} name the same file, ${file}`);
    seen.set(resolve(file), name);
  }
}

type RunValues = ReturnType<typeof parseArgs<{ options: typeof RUN_OPTIONS }>>['values'];

/** `--nats` and its options; null for a local run. */
function clusterOptions(values: RunValues, env: NodeJS.ProcessEnv): ClusterOptions | null {
  if (values.nats === undefined) {
    const stray = CLUSTER_ONLY.find((name) => values[name] !== undefined);
    if (stray !== undefined) throw new UsageError(`--${stray} applies only with --nats URL`);
    return null;
  }
  if (values.backend !== undefined) {
    throw new UsageError('--backend does not apply with --nats: each worker chooses its own');
  }
  const day = 24 * 60;
  const cluster: ClusterOptions = {
    ...DEFAULT_CLUSTER_OPTIONS,
    ...natsConnectionOf(values, env),
    sharedFs: values['shared-fs'] ?? false,
    ackWaitMs: wholeNumber(
      '--ack-wait',
      values['ack-wait'],
      DEFAULT_CLUSTER_OPTIONS.ackWaitMs,
      500,
      day * 60_000,
    ),
    maxDeliver: wholeNumber(
      '--max-deliver',
      values['max-deliver'],
      DEFAULT_CLUSTER_OPTIONS.maxDeliver,
      1,
      100,
    ),
    jobTtlMs:
      wholeNumber(
        '--job-ttl',
        values['job-ttl'],
        DEFAULT_CLUSTER_OPTIONS.jobTtlMs / 60_000,
        1,
        30 * day,
      ) * 60_000,
    replicas: wholeNumber('--replicas', values.replicas, DEFAULT_CLUSTER_OPTIONS.replicas, 1, 5),
  };
  try {
    parseClusterOptions(cluster);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new UsageError(error.message.replace('cluster.servers', '--nats'));
    }
    throw error;
  }
  return cluster;
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
