/**
 * How a worker writes its rows into a row part (see row-part.ts). The work that grows with the
 * number of rows runs on the workers, so the main side, which merges the parts of all workers in
 * order, has as little to do per row as possible:
 *
 * - CSV, TSV and NDJSON: the row's final text, so the main side only copies bytes;
 * - Parquet and XLSX: one JSON array per line of the row's canonical cell values (ints as digit
 *   strings), which the main side turns into column chunks or sheet XML, the parts of those
 *   formats that need the whole table (row groups, sheets of at most 1,048,576 rows).
 *
 * Every encoder is a pure function of the row, so a 1-worker and a split run write the same bytes.
 */
import type { ExtractOptions, TableFormat } from '../../../shared/tasks';
import { csvField } from '../../export/csv';
import { guardFormula } from '../../export/formula-guard';
import { type Cell, isPlainType, type Scalar, scalarText } from '../value-types';
import type { TableColumn } from './table-columns';

/** Encodes one row; `source` is the source column's value, when there is one. */
export type RowEncoder = (cells: readonly Cell[], source: string | null) => string;

/** The text of a cell in CSV, TSV and XLSX: list values joined, null as ''. */
export function cellText(cell: Cell, join: string): string {
  if (cell === null) return '';
  if (Array.isArray(cell)) return cell.map((v) => (v === null ? '' : scalarText(v))).join(join);
  return scalarText(cell);
}

/** True when the cell is shown as text (so it gets the formula guard). */
export function isTextCell(column: TableColumn, cell: Cell): boolean {
  return cell !== null && (column.list || !isPlainType(column.type));
}

function csvRow(spec: readonly TableColumn[], join: string): RowEncoder {
  return (cells, source) => {
    // csvField guards text against formulas (export/formula-guard.ts) and quotes it (RFC 4180).
    const fields: string[] = source === null ? [] : [csvField(source)];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] ?? null;
      const column = spec[i];
      const text = cellText(cell, join);
      fields.push(column && isTextCell(column, cell) ? csvField(text) : text);
    }
    return `${fields.join(',')}\r\n`;
  };
}

/** TSV can hold no tab or line break in a field: they, and `\`, are written as escapes. */
export function tsvField(text: string): string {
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      )
    : text;
}

function tsvRow(spec: readonly TableColumn[], join: string): RowEncoder {
  return (cells, source) => {
    const fields: string[] = source === null ? [] : [tsvField(guardFormula(source))];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] ?? null;
      const column = spec[i];
      const text = cellText(cell, join);
      fields.push(column && isTextCell(column, cell) ? tsvField(guardFormula(text)) : text);
    }
    return `${fields.join('\t')}\n`;
  };
}

/** A scalar as JSON: ints are digit strings in a cell and exact digits in the JSON text. */
function jsonScalar(value: Scalar | null, column: TableColumn): string {
  if (value === null) return 'null';
  if (column.type === 'int' && typeof value === 'string') return value;
  return JSON.stringify(value);
}

function ndjsonRow(spec: readonly TableColumn[], sourceColumn: string | null): RowEncoder {
  const sourceKey = `${JSON.stringify(sourceColumn ?? '')}:`;
  const specKeys = spec.map((column) => `${JSON.stringify(column.name)}:`);
  return (cells, source) => {
    const fields: string[] = source === null ? [] : [`${sourceKey}${JSON.stringify(source)}`];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] ?? null;
      const column = spec[i];
      if (column === undefined) continue;
      const value = Array.isArray(cell)
        ? `[${cell.map((v) => jsonScalar(v, column)).join(',')}]`
        : jsonScalar(cell, column);
      fields.push(`${specKeys[i]}${value}`);
    }
    return `{${fields.join(',')}}\n`;
  };
}

/** Parquet and XLSX parts: the cells as one JSON array per line, source first. */
function cellsRow(): RowEncoder {
  return (cells, source) => `${JSON.stringify(source === null ? cells : [source, ...cells])}\n`;
}

/** The encoder of `format` for rows of the spec's columns (`spec`: without the source column). */
export function rowEncoder(
  format: TableFormat,
  spec: readonly TableColumn[],
  options: Pick<ExtractOptions, 'join' | 'sourceColumn'>,
): RowEncoder {
  switch (format) {
    case 'csv':
      return csvRow(spec, options.join);
    case 'tsv':
      return tsvRow(spec, options.join);
    case 'ndjson':
      return ndjsonRow(spec, options.sourceColumn);
    case 'parquet':
    case 'xlsx':
      return cellsRow();
  }
}
