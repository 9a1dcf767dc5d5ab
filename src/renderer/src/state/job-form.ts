/**
 * What the user chose in the job controls, as plain strings and flags, and its translation into
 * the shared `JobOptions` the backend expects.
 */
import type { ColumnSpec } from '../../../shared/column-spec';
import {
  type BadValuePolicy,
  DEFAULT_JOB_OPTIONS,
  type JobOptions,
  type TableFormat,
  type TaskName,
} from '../../../shared/tasks';
import {
  type BackendChoice,
  type ClusterForm,
  type ClusterSecrets,
  INITIAL_CLUSTER_FORM,
  toClusterOptions,
} from './cluster-form';

export interface JobForm {
  task: TaskName;
  /** Empty: never split. "auto": detect. Anything else: the record element. */
  rowTag: string;
  attributePrefix: string;
  textNodeName: string;
  /** Comma- or line-separated element paths. */
  alwaysArray: string;
  parseNumbers: boolean;
  parseBooleans: boolean;
  backend: BackendChoice;
  /** Used when `backend` is 'cluster'. */
  cluster: ClusterForm;
  workers: number;
  /** Extract: the column editor's rows (empty until inferred or added). */
  extractColumns: ColumnSpec[];
  tableFormat: TableFormat;
  onBadValue: BadValuePolicy;
}

export function initialJobForm(cores: number): JobForm {
  const convert = DEFAULT_JOB_OPTIONS.convert;
  return {
    task: DEFAULT_JOB_OPTIONS.task,
    rowTag: DEFAULT_JOB_OPTIONS.rowTag ?? '',
    attributePrefix: convert.attributePrefix,
    textNodeName: convert.textNodeName,
    alwaysArray: convert.alwaysArray.join(', '),
    parseNumbers: convert.parseNumbers,
    parseBooleans: convert.parseBooleans,
    backend: DEFAULT_JOB_OPTIONS.backend,
    cluster: INITIAL_CLUSTER_FORM,
    workers: clampWorkers(cores, cores),
    extractColumns: [],
    tableFormat: DEFAULT_JOB_OPTIONS.extract.format,
    onBadValue: DEFAULT_JOB_OPTIONS.extract.onBadValue,
  };
}

export function clampWorkers(workers: number, cores: number): number {
  const max = Math.max(1, Math.floor(cores));
  if (!Number.isFinite(workers)) return max;
  return Math.min(max, Math.max(1, Math.round(workers)));
}

/** "a.b, c.d\ne" → ["a.b", "c.d", "e"], without blanks or repeats. */
export function parseAlwaysArray(text: string): string[] {
  const paths = text
    .split(/[\s,]+/)
    .map((path) => path.trim())
    .filter((path) => path.length > 0);
  return [...new Set(paths)];
}

export function toJobOptions(
  form: JobForm,
  cores: number,
  secrets: ClusterSecrets = { password: '', token: '' },
): JobOptions {
  const rowTag = form.rowTag.trim();
  return {
    ...DEFAULT_JOB_OPTIONS,
    task: form.task,
    backend: form.backend === 'cluster' ? DEFAULT_JOB_OPTIONS.backend : form.backend,
    cluster: form.backend === 'cluster' ? toClusterOptions(form.cluster, secrets) : null,
    workers: clampWorkers(form.workers, cores),
    rowTag: rowTag === '' ? null : rowTag,
    convert: {
      ...DEFAULT_JOB_OPTIONS.convert,
      attributePrefix: form.attributePrefix,
      // An empty key would drop text nodes; keep the default instead.
      textNodeName:
        form.textNodeName.trim() === ''
          ? DEFAULT_JOB_OPTIONS.convert.textNodeName
          : form.textNodeName,
      alwaysArray: parseAlwaysArray(form.alwaysArray),
      parseNumbers: form.parseNumbers,
      parseBooleans: form.parseBooleans,
    },
    extract: {
      ...DEFAULT_JOB_OPTIONS.extract,
      columns: form.extractColumns,
      format: form.tableFormat,
      onBadValue: form.onBadValue,
    },
  };
}
