/**
 * Argument validators for everything that crosses a trust boundary into the backend: IPC calls
 * from the Electron renderer, HTTP/WebSocket calls in browser mode, and the service's own API.
 * Each `parse*` takes `unknown` and returns a typed value or throws a `ValidationError` that
 * names the offending argument. Pure functions: no Node, no Electron.
 */
import {
  type ColumnSpec,
  ColumnSpecError,
  checkColumn,
  checkColumns,
  MAX_COLUMNS,
  VALUE_TYPES,
} from './column-spec';
import { REPORT_FORMATS, type ReportFormat } from './results';
import {
  BACKENDS,
  BAD_VALUE_POLICIES,
  type ClusterOptions,
  type ConvertOptions,
  DEFAULT_CLUSTER_OPTIONS,
  DEFAULT_JOB_OPTIONS,
  type ExtractOptions,
  FILE_ERROR_POLICIES,
  type JobOptions,
  MAX_ERRORS_LIMIT,
  type NamespaceBinding,
  ORDERS,
  SCHEMA_MODES,
  type ScanLimits,
  type SchemaOptions,
  TABLE_FORMATS,
  TASK_NAMES,
} from './tasks';

export class ValidationError extends Error {
  override name = 'ValidationError';
}

/** Longest path accepted; far beyond any real file system's limit. */
export const MAX_PATH_LENGTH = 32_768;
/** Most paths accepted in one call (a drop of a huge folder is one path, not its files). */
export const MAX_PATHS_PER_CALL = 100_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** POSIX `/x`, Windows `C:\x` or `C:/x`, or a UNC path `\\server\share`. */
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\[^\\])/;

export function isAbsolutePath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_PATH_LENGTH &&
    !value.includes('\0') &&
    ABSOLUTE_PATH.test(value)
  );
}

export function parseAbsolutePath(value: unknown, name: string): string {
  if (!isAbsolutePath(value)) throw new ValidationError(`${name} must be an absolute path`);
  return value;
}

export function parseOptionalAbsolutePath(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : parseAbsolutePath(value, name);
}

export function parsePathList(value: unknown, name: string): string[] {
  if (!Array.isArray(value)) throw new ValidationError(`${name} must be an array of paths`);
  if (value.length > MAX_PATHS_PER_CALL) {
    throw new ValidationError(`${name} holds more than ${MAX_PATHS_PER_CALL} paths`);
  }
  // Array.from visits holes too (a sparse array survives structured clone): each must parse.
  return Array.from(value, (path: unknown, i) => parseAbsolutePath(path, `${name}[${i}]`));
}

export function parseInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function parseEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  name: string,
): T {
  const match = allowed.find((option) => option === value);
  if (match === undefined)
    throw new ValidationError(`${name} must be one of ${allowed.join(', ')}`);
  return match;
}

export function parseBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(`${name} must be true or false`);
  return value;
}

function parseString(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length > maxLength) {
    throw new ValidationError(`${name} must be a string of at most ${maxLength} characters`);
  }
  return value;
}

export function parseReportFormat(value: unknown): ReportFormat {
  return parseEnum(value, REPORT_FORMATS, 'format');
}

/** What a schema picker chooses: the schema itself, or an XML catalog. */
export const SCHEMA_PICK_KINDS = ['schema', 'catalog'] as const;
export type SchemaPickKind = (typeof SCHEMA_PICK_KINDS)[number];

export function parseSchemaPickKind(value: unknown): SchemaPickKind {
  return parseEnum(value, SCHEMA_PICK_KINDS, 'kind');
}

/** A byte offset in a file. */
export function parseOffset(value: unknown): number {
  return parseInteger(value, 'offset', 0, Number.MAX_SAFE_INTEGER);
}

export const PICK_KINDS = ['files', 'folder'] as const;
export type PickKind = (typeof PICK_KINDS)[number];

export function parsePickKind(value: unknown): PickKind {
  return parseEnum(value, PICK_KINDS, 'kind');
}

/** Input ids are the absolute paths the service listed. */
export function parseInputIds(value: unknown): string[] {
  return parsePathList(value, 'ids');
}

/** startJob's choice of inputs: null for every listed input, else their ids. */
export function parseOptionalInputIds(value: unknown): string[] | null {
  return value === null || value === undefined ? null : parsePathList(value, 'inputIds');
}

/** Reads the object's fields: missing ones take `defaults`, unknown ones are refused. */
function fieldsOf(value: unknown, name: string, defaults: object): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(Object.entries(defaults));
  if (value === undefined) return fields;
  if (!isRecord(value)) throw new ValidationError(`${name} must be an object`);
  for (const [key, field] of Object.entries(value)) {
    if (!Object.hasOwn(fields, key)) throw new ValidationError(`${name}.${key} is not an option`);
    fields[key] = field;
  }
  return fields;
}

/** Element name or path pieces a user types: no control characters, bounded length. */
const PRINTABLE = /^[^\p{Cc}]*$/u;

function parseName(value: unknown, name: string): string {
  const text = parseString(value, name, 256);
  if (!PRINTABLE.test(text)) throw new ValidationError(`${name} must not hold control characters`);
  return text;
}

export function parseConvertOptions(value: unknown): ConvertOptions {
  const fields = fieldsOf(value, 'convert', DEFAULT_JOB_OPTIONS.convert);
  const alwaysArray = fields.alwaysArray;
  if (!Array.isArray(alwaysArray) || alwaysArray.length > 1000) {
    throw new ValidationError('convert.alwaysArray must be an array of at most 1000 paths');
  }
  return {
    attributePrefix: parseName(fields.attributePrefix, 'convert.attributePrefix'),
    textNodeName: parseName(fields.textNodeName, 'convert.textNodeName'),
    alwaysArray: Array.from(alwaysArray, (path: unknown, i) =>
      parseName(path, `convert.alwaysArray[${i}]`),
    ),
    parseNumbers: parseBoolean(fields.parseNumbers, 'convert.parseNumbers'),
    parseBooleans: parseBoolean(fields.parseBooleans, 'convert.parseBooleans'),
    wholeDocumentLimitBytes: parseInteger(
      fields.wholeDocumentLimitBytes,
      'convert.wholeDocumentLimitBytes',
      0,
      Number.MAX_SAFE_INTEGER,
    ),
  };
}

/** Most catalogs one job may name. */
export const MAX_CATALOGS = 64;

export function parseSchemaOptions(value: unknown): SchemaOptions {
  const fields = fieldsOf(value, 'schema', DEFAULT_JOB_OPTIONS.schema);
  const mode = parseEnum(fields.mode, SCHEMA_MODES, 'schema.mode');
  const file = fields.file === null ? null : parseAbsolutePath(fields.file, 'schema.file');
  if ((mode === 'file') !== (file !== null)) {
    throw new ValidationError("schema.file must be set exactly when schema.mode is 'file'");
  }
  const catalogs = parsePathList(fields.catalogs, 'schema.catalogs');
  if (catalogs.length > MAX_CATALOGS) {
    throw new ValidationError(`schema.catalogs holds more than ${MAX_CATALOGS} catalogs`);
  }
  return {
    mode,
    file,
    catalogs,
    maxErrors: parseInteger(fields.maxErrors, 'schema.maxErrors', 1, MAX_ERRORS_LIMIT),
  };
}

function parseColumn(value: unknown, name: string): ColumnSpec {
  const fields = fieldsOf(value, name, { name: '', path: '', type: 'string', list: false });
  const column = {
    name: parseString(fields.name, `${name}.name`, 512),
    path: parseString(fields.path, `${name}.path`, 512),
    type: parseEnum(fields.type, VALUE_TYPES, `${name}.type`),
    list: parseBoolean(fields.list, `${name}.list`),
  };
  try {
    return checkColumn(column);
  } catch (error) {
    if (error instanceof ColumnSpecError) throw new ValidationError(`${name}: ${error.message}`);
    throw error;
  }
}

/** The columns of an extract job: empty (infer them) or a valid spec. */
export function parseColumns(value: unknown, name: string): ColumnSpec[] {
  if (!Array.isArray(value) || value.length > MAX_COLUMNS) {
    throw new ValidationError(`${name} must be an array of at most ${MAX_COLUMNS} columns`);
  }
  const columns = Array.from(value, (column: unknown, i) => parseColumn(column, `${name}[${i}]`));
  if (columns.length > 0) {
    try {
      checkColumns(columns);
    } catch (error) {
      if (error instanceof ColumnSpecError) throw new ValidationError(`${name}: ${error.message}`);
      throw error;
    }
  }
  return columns;
}

const NS_PREFIX = /^[\p{L}_][\p{L}\p{N}._-]*$/u;

export function parseNamespaces(value: unknown, name: string): NamespaceBinding[] {
  if (!Array.isArray(value) || value.length > 100) {
    throw new ValidationError(`${name} must be an array of at most 100 bindings`);
  }
  return Array.from(value, (binding: unknown, i) => {
    const fields = fieldsOf(binding, `${name}[${i}]`, { prefix: '', uri: '' });
    const prefix = parseName(fields.prefix, `${name}[${i}].prefix`);
    if (!NS_PREFIX.test(prefix)) {
      throw new ValidationError(`${name}[${i}].prefix must be a namespace prefix`);
    }
    const uri = parseName(fields.uri, `${name}[${i}].uri`);
    if (uri === '') throw new ValidationError(`${name}[${i}].uri must not be empty`);
    return { prefix, uri };
  });
}

export function parseExtractOptions(value: unknown): ExtractOptions {
  const fields = fieldsOf(value, 'extract', DEFAULT_JOB_OPTIONS.extract);
  const sourceColumn =
    fields.sourceColumn === null ? null : parseName(fields.sourceColumn, 'extract.sourceColumn');
  if (sourceColumn !== null && (sourceColumn.trim() === '' || /[=,]/.test(sourceColumn))) {
    throw new ValidationError("extract.sourceColumn must be a name without '=' or ','");
  }
  const columns = parseColumns(fields.columns, 'extract.columns');
  if (sourceColumn !== null && columns.some((column) => column.name === sourceColumn)) {
    throw new ValidationError(`extract.sourceColumn ${sourceColumn} is also a column's name`);
  }
  const join = parseName(fields.join, 'extract.join');
  return {
    columns,
    format: parseEnum(fields.format, TABLE_FORMATS, 'extract.format'),
    join,
    onBadValue: parseEnum(fields.onBadValue, BAD_VALUE_POLICIES, 'extract.onBadValue'),
    onError: parseEnum(fields.onError, FILE_ERROR_POLICIES, 'extract.onError'),
    namespaces: parseNamespaces(fields.namespaces, 'extract.namespaces'),
    sourceColumn,
    bom: parseBoolean(fields.bom, 'extract.bom'),
  };
}

export function parseScanLimits(value: unknown): ScanLimits {
  const fields = fieldsOf(value, 'limits', DEFAULT_JOB_OPTIONS.limits);
  const max = Number.MAX_SAFE_INTEGER;
  return {
    maxDepth: parseInteger(fields.maxDepth, 'limits.maxDepth', 1, max),
    maxEntityExpansions: parseInteger(
      fields.maxEntityExpansions,
      'limits.maxEntityExpansions',
      0,
      max,
    ),
    maxEntityExpandedChars: parseInteger(
      fields.maxEntityExpandedChars,
      'limits.maxEntityExpandedChars',
      0,
      max,
    ),
  };
}

/** A row tag is an XML name (prefix allowed), `'auto'`, or null/empty for "never split". */
const XML_NAME = /^[\p{L}_][\p{L}\p{N}._:-]*$/u;

function parseRowTag(value: unknown): string | null {
  if (value === null || value === '') return null;
  const tag = parseString(value, 'rowTag', 256);
  if (tag !== 'auto' && !XML_NAME.test(tag)) {
    throw new ValidationError("rowTag must be an element name, 'auto', or empty");
  }
  return tag;
}

/** `nats://host:port` or `tls://host:port` (also `ws(s)://`), comma-separated, at most 16. */
const NATS_SERVER = /^(?:nats|tls|wss?):\/\/[^\s,/?#]+(?::\d{1,5})?\/?$/;

function parseServers(value: unknown): string {
  const text = parseString(value, 'cluster.servers', 4096).trim();
  const servers = text.split(',').map((server) => server.trim());
  if (text === '' || servers.length > 16 || !servers.every((server) => NATS_SERVER.test(server))) {
    throw new ValidationError(
      'cluster.servers must be one or more NATS URLs such as nats://127.0.0.1:4222, comma-separated',
    );
  }
  return servers.join(',');
}

/** A secret or name: bounded, no control characters; empty means none. */
function parseCredential(value: unknown, name: string): string | null {
  if (value === null) return null;
  const text = parseString(value, name, 4096);
  if (!PRINTABLE.test(text)) throw new ValidationError(`${name} must not hold control characters`);
  return text === '' ? null : text;
}

function parseOptionalPath(value: unknown, name: string): string | null {
  return value === null ? null : parseAbsolutePath(value, name);
}

export function parseClusterOptions(value: unknown): ClusterOptions | null {
  if (value === null) return null;
  const fields = fieldsOf(value, 'cluster', DEFAULT_CLUSTER_OPTIONS);
  const day = 24 * 60 * 60 * 1000;
  return {
    servers: parseServers(fields.servers),
    sharedFs: parseBoolean(fields.sharedFs, 'cluster.sharedFs'),
    ackWaitMs: parseInteger(fields.ackWaitMs, 'cluster.ackWaitMs', 500, day),
    maxDeliver: parseInteger(fields.maxDeliver, 'cluster.maxDeliver', 1, 100),
    jobTtlMs: parseInteger(fields.jobTtlMs, 'cluster.jobTtlMs', 60_000, 30 * day),
    replicas: parseInteger(fields.replicas, 'cluster.replicas', 1, 5),
    user: parseCredential(fields.user, 'cluster.user'),
    password: parseCredential(fields.password, 'cluster.password'),
    token: parseCredential(fields.token, 'cluster.token'),
    credsFile: parseOptionalPath(fields.credsFile, 'cluster.credsFile'),
    nkeyFile: parseOptionalPath(fields.nkeyFile, 'cluster.nkeyFile'),
    tlsCaFile: parseOptionalPath(fields.tlsCaFile, 'cluster.tlsCaFile'),
    tlsCertFile: parseOptionalPath(fields.tlsCertFile, 'cluster.tlsCertFile'),
    tlsKeyFile: parseOptionalPath(fields.tlsKeyFile, 'cluster.tlsKeyFile'),
  };
}

/**
 * Job options from an untrusted caller. Missing fields take the defaults, so a client may send
 * only what the user changed; `workers` must be 1..maxWorkers.
 */
export function parseJobOptions(value: unknown, maxWorkers: number): JobOptions {
  const fields = fieldsOf(value, 'options', { ...DEFAULT_JOB_OPTIONS, workers: maxWorkers });
  return {
    task: parseEnum(fields.task, TASK_NAMES, 'options.task'),
    workers: parseInteger(fields.workers, 'options.workers', 1, maxWorkers),
    backend: parseEnum(fields.backend, BACKENDS, 'options.backend'),
    order: parseEnum(fields.order, ORDERS, 'options.order'),
    rowTag: parseRowTag(fields.rowTag),
    convert: parseConvertOptions(fields.convert),
    schema: parseSchemaOptions(fields.schema),
    extract: parseExtractOptions(fields.extract),
    limits: parseScanLimits(fields.limits),
    taskTimeoutMs: parseInteger(fields.taskTimeoutMs, 'options.taskTimeoutMs', 0, 2 ** 31 - 1),
    workerMemoryMb: parseInteger(fields.workerMemoryMb, 'options.workerMemoryMb', 64, 1_048_576),
    outDir: fields.outDir === null ? null : parseAbsolutePath(fields.outDir, 'options.outDir'),
    force: parseBoolean(fields.force, 'options.force'),
    cluster: parseClusterOptions(fields.cluster),
  };
}

/** The UI's request to infer an extract job's columns. */
export function parseExtractInferRequest(value: unknown): {
  rowTag: string;
  namespaces: NamespaceBinding[];
} {
  const fields = fieldsOf(value, 'request', { rowTag: 'auto', namespaces: [] });
  const rowTag = parseRowTag(fields.rowTag);
  if (rowTag === null) throw new ValidationError('request.rowTag must be an element name or auto');
  return { rowTag, namespaces: parseNamespaces(fields.namespaces, 'request.namespaces') };
}
