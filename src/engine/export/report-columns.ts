/**
 * The columns of a CSV report: the same leading columns for every task (a validate report has
 * exactly these), then the task's own. A task's columns are one entry in TASK_COLUMNS; the
 * `Record` makes adding a task name without its entry a type error.
 */
import type { FileResult, XmlStats } from '../../shared/results';
import type { TaskName } from '../../shared/tasks';
import type { CsvValue } from './csv';

export interface CsvColumn {
  /** Header name: lower case, words joined by `_`. */
  name: string;
  value(result: FileResult): CsvValue;
}

/** Every report starts with these, in this order (scripts read them by position). */
export const COMMON_COLUMNS: readonly CsvColumn[] = [
  { name: 'file', value: (r) => r.file },
  { name: 'ok', value: (r) => r.ok },
  { name: 'bytes', value: (r) => r.bytes },
  { name: 'elements', value: (r) => r.elements },
  { name: 'error_line', value: (r) => r.errors[0]?.line ?? null },
  { name: 'error_column', value: (r) => r.errors[0]?.column ?? null },
  { name: 'error_message', value: (r) => r.errors[0]?.message ?? null },
];

/** A stats column: empty for a file without statistics (it failed before any were gathered). */
function stat(name: string, value: (stats: XmlStats) => CsvValue): CsvColumn {
  return { name, value: (r) => (r.stats ? value(r.stats) : null) };
}

/** `xmlns=uri` for the default namespace, `xmlns:p=uri` for a prefix, separated by spaces. */
function namespaceList(stats: XmlStats): string {
  return stats.namespaces
    .map((ns) => `${ns.prefix === '' ? 'xmlns' : `xmlns:${ns.prefix}`}=${ns.uri}`)
    .join(' ');
}

export const TASK_COLUMNS: Readonly<Record<TaskName, readonly CsvColumn[]>> = {
  validate: [],
  stats: [
    stat('attributes', (s) => s.attributes),
    stat('text_bytes', (s) => s.textBytes),
    stat('max_depth', (s) => s.maxDepth),
    stat('root', (s) => s.root),
    stat('encoding', (s) => s.encoding),
    stat('namespaces', namespaceList),
    stat('distinct_paths', (s) => s.paths.length),
    stat('paths_truncated', (s) => s.pathsTruncated),
    stat('namespaces_truncated', (s) => s.namespacesTruncated),
  ],
  convert: [
    { name: 'output', value: (r) => r.convert?.output ?? null },
    { name: 'output_format', value: (r) => r.convert?.format ?? null },
    { name: 'records', value: (r) => r.convert?.records ?? null },
  ],
  extract: [
    { name: 'rows', value: (r) => r.extract?.rows ?? null },
    { name: 'bad_values', value: (r) => r.extract?.badValues ?? null },
  ],
};

export function csvColumns(task: TaskName): readonly CsvColumn[] {
  return [...COMMON_COLUMNS, ...TASK_COLUMNS[task]];
}
