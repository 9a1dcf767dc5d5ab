/**
 * The table's columns as every format sees them: the source column (when asked for) first, then
 * the spec's columns. Shared by the workers' row encoders and the main side's table writers.
 */
import type { ValueType } from '../../../shared/column-spec';
import type { ExtractOptions, TableFormat } from '../../../shared/tasks';

export interface TableColumn {
  name: string;
  type: ValueType;
  list: boolean;
}

export function tableColumns(options: ExtractOptions): TableColumn[] {
  const source: TableColumn[] =
    options.sourceColumn === null
      ? []
      : [{ name: options.sourceColumn, type: 'string', list: false }];
  return [...source, ...options.columns.map(({ name, type, list }) => ({ name, type, list }))];
}

const EXTENSIONS: Record<string, TableFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.parquet': 'parquet',
  '.xlsx': 'xlsx',
};

/** The format of a table file, by its extension (case-insensitive), or null. */
export function tableFormatOf(path: string): TableFormat | null {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return null;
  return EXTENSIONS[path.slice(dot).toLowerCase()] ?? null;
}

export const TABLE_EXTENSIONS = Object.keys(EXTENSIONS);
