/**
 * Task names and options: what a user can ask xmlpool to do with a file.
 * Shared by the CLI, the backend service, the Electron shell and the renderer.
 */
import type { ColumnSpec } from './column-spec';

export const TASK_NAMES = ['validate', 'stats', 'convert', 'extract'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export const BACKENDS = ['thread', 'process'] as const;
/** `thread`: worker_threads. `process`: one OS process per worker. */
export type Backend = (typeof BACKENDS)[number];

export const ORDERS = ['size', 'input'] as const;
/** `size`: largest file first (the default). `input`: keep the order the inputs were given in. */
export type Order = (typeof ORDERS)[number];

/** Limits that protect a worker from hostile documents. All are configurable. */
export interface ScanLimits {
  /** Deepest element nesting accepted before a clear "too deep" error. */
  maxDepth: number;
  /**
   * Most entity references expanded from inside entity replacement texts in one document
   * (billion laughs). References written in the document itself do not count: their number is
   * bounded by the document's size, and only nested references multiply.
   */
  maxEntityExpansions: number;
  /**
   * Most characters produced by entity expansion in one document (quadratic blow-up). Trips only
   * when the expanded text also exceeds 10 times the bytes read so far, so a big document that
   * legitimately uses a short entity very often still passes.
   */
  maxEntityExpandedChars: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  maxDepth: 10_000,
  maxEntityExpansions: 100_000,
  maxEntityExpandedChars: 10_000_000,
};

/** fast-xml-parser options exposed by the convert task. */
export interface ConvertOptions {
  /** Prefix for attribute keys, e.g. "@_". */
  attributePrefix: string;
  /** Key for an element's text when it also has attributes or children, e.g. "#text". */
  textNodeName: string;
  /** Element paths (dot-separated, e.g. "catalog.book") always emitted as arrays. */
  alwaysArray: string[];
  parseNumbers: boolean;
  parseBooleans: boolean;
  /** Files up to this size become one JSON document; bigger ones become NDJSON records. */
  wholeDocumentLimitBytes: number;
}

export const DEFAULT_CONVERT_OPTIONS: ConvertOptions = {
  attributePrefix: '@_',
  textNodeName: '#text',
  alwaysArray: [],
  parseNumbers: false,
  parseBooleans: false,
  wholeDocumentLimitBytes: 64 * 1024 * 1024,
};

export const SCHEMA_MODES = ['none', 'auto', 'file'] as const;
/**
 * `none`: well-formedness only. `auto`: each document's own schema (xml-model instruction,
 * xsi:schemaLocation, or its DOCTYPE). `file`: one XSD, RELAX NG or DTD for every document.
 */
export type SchemaMode = (typeof SCHEMA_MODES)[number];

/** Schema validation, for the validate task. */
export interface SchemaOptions {
  mode: SchemaMode;
  /** Absolute path of the schema when `mode` is `file`, else null. */
  file: string | null;
  /** OASIS XML catalogs (absolute paths) that map public and system ids and URIs to files. */
  catalogs: string[];
  /** Most validity errors listed per file (the count of the rest is reported). */
  maxErrors: number;
}

export const MAX_ERRORS_LIMIT = 100_000;

export const DEFAULT_SCHEMA_OPTIONS: SchemaOptions = {
  mode: 'none',
  file: null,
  catalogs: [],
  maxErrors: 100,
};

/**
 * Running a job on remote workers through NATS JetStream (src/engine/cluster) instead of a local
 * pool. The credentials are passed to the NATS client and nowhere else: never logged, never
 * announced to workers, never stored by the UI.
 */
export interface ClusterOptions {
  /** NATS server URLs, comma-separated: `nats://host:4222`, `tls://host:4222`. */
  servers: string;
  /** Every worker sees the inputs at the same paths: only paths travel, no file bytes. */
  sharedFs: boolean;
  /** A unit whose worker stops acknowledging for this long is delivered to another worker. */
  ackWaitMs: number;
  /** Deliveries of one unit before it fails with kind `crash` (it keeps killing its workers). */
  maxDeliver: number;
  /** Age limit of the job's messages and objects on the server (its TTL). */
  jobTtlMs: number;
  /** Copies of each of the job's streams in a NATS cluster (1 for a single server). */
  replicas: number;
  user: string | null;
  password: string | null;
  token: string | null;
  /** A NATS credentials file (user JWT and NKey seed). */
  credsFile: string | null;
  /** A file holding an NKey seed (`SU…`). */
  nkeyFile: string | null;
  /** TLS: a CA to trust, and a client certificate and key for servers that verify clients. */
  tlsCaFile: string | null;
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  servers: 'nats://127.0.0.1:4222',
  sharedFs: false,
  ackWaitMs: 30_000,
  maxDeliver: 3,
  jobTtlMs: 24 * 60 * 60 * 1000,
  replicas: 1,
  user: null,
  password: null,
  token: null,
  credsFile: null,
  nkeyFile: null,
  tlsCaFile: null,
  tlsCertFile: null,
  tlsKeyFile: null,
};

/** Table formats of the extract task, chosen by the table file's extension. */
export const TABLE_FORMATS = ['csv', 'tsv', 'ndjson', 'parquet', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

export const BAD_VALUE_POLICIES = ['null', 'fail'] as const;
/** A cell value that does not convert to its column's type: an empty cell, or the file fails. */
export type BadValuePolicy = (typeof BAD_VALUE_POLICIES)[number];

export const FILE_ERROR_POLICIES = ['keep-rows', 'skip-file'] as const;
/** A file that fails part-way: keep the rows read before the error, or drop all of its rows. */
export type FileErrorPolicy = (typeof FILE_ERROR_POLICIES)[number];

/** A namespace prefix the column paths use to match by namespace URI (`--ns p=URI`). */
export interface NamespaceBinding {
  prefix: string;
  uri: string;
}

/**
 * The extract task: one table of records. The record element is the job's `rowTag` (a name,
 * never `auto` by the time a job runs: the CLI and the service resolve it first).
 */
export interface ExtractOptions {
  /** The table's columns; empty means "infer them" (resolved before the job runs). */
  columns: ColumnSpec[];
  format: TableFormat;
  /** Joins the values of a list column in CSV, TSV and XLSX. */
  join: string;
  onBadValue: BadValuePolicy;
  onError: FileErrorPolicy;
  namespaces: NamespaceBinding[];
  /** Adds a first column of this name holding each row's file (its relative name). */
  sourceColumn: string | null;
  /** Start a CSV or TSV table with a UTF-8 byte order mark. */
  bom: boolean;
}

export const DEFAULT_EXTRACT_OPTIONS: ExtractOptions = {
  columns: [],
  format: 'csv',
  join: '|',
  onBadValue: 'null',
  onError: 'keep-rows',
  namespaces: [],
  sourceColumn: null,
  bom: false,
};

/** Everything that decides how a job runs. */
export interface JobOptions {
  task: TaskName;
  /** Number of workers, 1..cores. Can be changed while the job runs. */
  workers: number;
  backend: Backend;
  order: Order;
  /**
   * Record element for splitting one huge file across workers (spark-xml's rowTag).
   * `null`: never split. `'auto'`: detect the record element where that is safe.
   */
  rowTag: string | null;
  convert: ConvertOptions;
  /** Validate only: check each file against a schema after the well-formedness scan. */
  schema: SchemaOptions;
  extract: ExtractOptions;
  limits: ScanLimits;
  /** A task running longer than this fails with a timeout error; 0 disables it. */
  taskTimeoutMs: number;
  /** Heap cap per worker, in MiB. */
  workerMemoryMb: number;
  /** Where convert writes its per-file outputs; `null` keeps them in the job's temp folder. */
  outDir: string | null;
  /** Allow outDir inside an input folder. */
  force: boolean;
  /**
   * Run on remote workers through NATS (null: the local pool). `workers` then sizes the plan
   * (batches, chunks of split files), not the number of remote workers.
   */
  cluster: ClusterOptions | null;
}

export const DEFAULT_JOB_OPTIONS: Omit<JobOptions, 'workers'> = {
  task: 'validate',
  backend: 'thread',
  order: 'size',
  rowTag: null,
  convert: DEFAULT_CONVERT_OPTIONS,
  schema: DEFAULT_SCHEMA_OPTIONS,
  extract: DEFAULT_EXTRACT_OPTIONS,
  limits: DEFAULT_SCAN_LIMITS,
  taskTimeoutMs: 10 * 60 * 1000,
  workerMemoryMb: 1024,
  outDir: null,
  force: false,
  cluster: null,
};
