/**
 * The extract task inside a worker: scans a whole file, or one chunk of a split file, turns its
 * records into rows and writes them to a row part. Rows before an error are kept in the part
 * (the file's `--on-error` policy is applied by whoever knows the whole file: extract-file.ts
 * for a whole file, split-parts.ts for a split one).
 */
import type { FileWarning, NamespaceUse, XmlError } from '../../shared/results';
import type { JobOptions } from '../../shared/tasks';
import { type RangeScan, type RangeScanRequest, scanRange } from '../split/scanner-port';
import type { BadValueNote } from '../split/types';
import type { ScanPosition } from '../xml';
import { needsNamespaces } from './column-paths';
import { NamespaceScope, RecordEvents, rowTagTest } from './record-events';
import { RowBuilder } from './row-builder';
import { RowPartWriter, type RowSink } from './row-part';
import {
  DEFAULT_PARQUET_LAYOUT,
  type ParquetLayout,
  workerEncodesRowGroups,
} from './table/parquet-layout';
import { rowEncoder } from './table/row-encoders';
import { type TableColumn, tableColumns } from './table/table-columns';
import { EXCEL_MAX_CELL_CHARS, overlongXlsxCells } from './table/xlsx-cells';

export type ExtractScanRequest = Omit<
  RangeScanRequest,
  'events' | 'afterChunk' | 'onRecord' | 'collectStats'
>;

export interface RangeExtraction {
  scan: RangeScan;
  /** The part holding the rows, or null when it was dropped (nothing worth keeping). */
  part: string | null;
  rows: number;
  records: number;
  badValues: number;
  /** Positioned relative to the range's start, like `scan.error`. */
  firstBadValue: BadValueNote | null;
  /** XLSX tables: cells over Excel's limit, which the table will hold cut. */
  truncatedCells: number;
}

export interface ExtractRangeInput {
  request: ExtractScanRequest;
  options: JobOptions;
  /** The source column's value for this file (its relative name). */
  source: string;
  partPath: string;
  /** Namespaces in scope where the scan starts (a chunk starts inside the root). */
  namespaces: readonly NamespaceUse[];
  /** Parquet's row group layout (tests shrink it). */
  parquetLayout?: ParquetLayout;
}

/** The record element of an extract job: always a name by the time a worker runs. */
export function extractRowTag(options: JobOptions): string {
  const rowTag = options.rowTag;
  if (rowTag === null || rowTag === 'auto') {
    throw new Error('extract needs the record element resolved before the job runs');
  }
  return rowTag;
}

/**
 * The part the rows go to: a big file's Parquet rows as encoded row groups (parquet-layout.ts),
 * any other rows in the text encoding of their format.
 */
async function openRowSink(input: ExtractRangeInput, spec: TableColumn[]): Promise<RowSink> {
  const extract = input.options.extract;
  const source = extract.sourceColumn === null ? null : input.source;
  const layout = input.parquetLayout ?? DEFAULT_PARQUET_LAYOUT;
  if (workerEncodesRowGroups(extract.format, input.request.fileSize, layout)) {
    const { ParquetPartWriter } = await import('./table/parquet-part-writer');
    return ParquetPartWriter.create(input.partPath, tableColumns(extract), source, layout);
  }
  return RowPartWriter.create(input.partPath, rowEncoder(extract.format, spec, extract), source);
}

export async function extractRange(input: ExtractRangeInput): Promise<RangeExtraction> {
  const { options } = input;
  const extract = options.extract;
  const rowTag = extractRowTag(options);
  const scope = needsNamespaces(extract.columns, rowTag, extract.namespaces)
    ? new NamespaceScope(input.namespaces)
    : null;
  const spec = tableColumns({ ...extract, sourceColumn: null });
  const rows = await openRowSink(input, spec);
  let position: () => ScanPosition | null = () => null;
  let truncatedCells = 0;
  const xlsx = extract.format === 'xlsx';
  const builder = new RowBuilder({
    columns: extract.columns,
    bindings: extract.namespaces,
    onBadValue: extract.onBadValue,
    namespaces: scope,
    position: () => position(),
    onRow: (cells) => {
      rows.add(cells, events.chunkablePoint);
      if (xlsx) truncatedCells += overlongXlsxCells(spec, cells, extract.join);
    },
  });
  const events = new RecordEvents(builder, {
    isRowTag: rowTagTest(rowTag, extract.namespaces),
    namespaces: scope,
    split: { rowTag, bindings: extract.namespaces },
  });
  let kept = false;
  try {
    const scan = await scanRange({
      ...input.request,
      onRecord: null,
      collectStats: false,
      events: (scanner) => {
        position = () => scanner()?.position() ?? null;
        return events;
      },
      afterChunk: () => (rows.needsDrain ? rows.drain() : Promise.resolve()),
    });
    // Rows completed before an error stay; a cancelled scan keeps nothing.
    const cancelled = scan.error?.kind === 'cancelled';
    if (!cancelled) {
      await rows.commit();
      kept = true;
    }
    return {
      scan,
      part: kept ? rows.path : null,
      rows: kept ? rows.rows : 0,
      records: events.records,
      badValues: builder.badValues,
      firstBadValue: builder.firstBadValue,
      truncatedCells: kept ? truncatedCells : 0,
    };
  } finally {
    if (!kept) await rows.discard();
  }
}

/** What a file's extraction counted, for its warnings. */
export interface ExtractCounts {
  records: number;
  /** Values left empty; `firstBadValue` is set whenever this is above 0. */
  badValues: number;
  /** With its absolute line and column. */
  firstBadValue: BadValueNote | null;
  truncatedCells: number;
}

/**
 * The per-file notes of an extraction: no record found, values that did not convert, XLSX cells
 * cut to Excel's limit.
 */
export function extractWarnings(
  rowTag: string,
  counts: ExtractCounts,
  error: XmlError | null,
): FileWarning[] | undefined {
  const { records, badValues, firstBadValue, truncatedCells } = counts;
  const warnings: FileWarning[] = [];
  if (records === 0 && error === null) {
    warnings.push({
      code: 'row-tag-unmatched',
      message: `no <${rowTag}> element in this file, so it gave no rows; check the row tag`,
    });
  }
  if (firstBadValue !== null) {
    const { message, line, column } = firstBadValue;
    const at = line === null || column === null ? '' : ` (line ${line}, column ${column})`;
    warnings.push({
      code: 'bad-values',
      message: `${badValues} value${badValues === 1 ? '' : 's'} did not convert and ${badValues === 1 ? 'was' : 'were'} left empty; the first: ${message}${at}`,
    });
  }
  if (truncatedCells > 0) {
    warnings.push({
      code: 'xlsx-cell-truncated',
      message: `${truncatedCells} cell${truncatedCells === 1 ? ' was' : 's were'} longer than Excel's ${EXCEL_MAX_CELL_CHARS.toLocaleString('en-US')} characters per cell and cut to that length in the XLSX table; CSV, NDJSON and Parquet keep the whole text`,
    });
  }
  return warnings.length > 0 ? warnings : undefined;
}
