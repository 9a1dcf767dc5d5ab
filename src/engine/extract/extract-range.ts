/**
 * The extract task inside a worker: scans a whole file, or one chunk of a split file, turns its
 * records into rows and writes them to a row part. Rows before an error are kept in the part
 * (the file's `--on-error` policy is applied by whoever knows the whole file: extract-file.ts
 * for a whole file, split-parts.ts for a split one).
 */
import type { NamespaceUse, XmlError } from '../../shared/results';
import type { JobOptions } from '../../shared/tasks';
import { AtomicFile } from '../fs/atomic-file';
import { type RangeScan, type RangeScanRequest, scanRange } from '../split/scanner-port';
import type { ScanPosition } from '../xml';
import { needsNamespaces } from './column-paths';
import { NamespaceScope, RecordEvents, rowTagTest } from './record-events';
import { RowBuilder } from './row-builder';
import { RowPartWriter } from './row-part';
import { rowEncoder } from './table/row-encoders';
import { tableColumns } from './table/table-columns';

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
  firstBadValue: string | null;
}

export interface ExtractRangeInput {
  request: ExtractScanRequest;
  options: JobOptions;
  /** The source column's value for this file (its relative name). */
  source: string;
  partPath: string;
  /** Namespaces in scope where the scan starts (a chunk starts inside the root). */
  namespaces: readonly NamespaceUse[];
}

/** The record element of an extract job: always a name by the time a worker runs. */
export function extractRowTag(options: JobOptions): string {
  const rowTag = options.rowTag;
  if (rowTag === null || rowTag === 'auto') {
    throw new Error('extract needs the record element resolved before the job runs');
  }
  return rowTag;
}

export async function extractRange(input: ExtractRangeInput): Promise<RangeExtraction> {
  const { options } = input;
  const extract = options.extract;
  const rowTag = extractRowTag(options);
  const scope = needsNamespaces(extract.columns, rowTag, extract.namespaces)
    ? new NamespaceScope(input.namespaces)
    : null;
  const part = await AtomicFile.create(input.partPath);
  const spec = tableColumns({ ...extract, sourceColumn: null });
  const rows = new RowPartWriter(
    rowEncoder(extract.format, spec, extract),
    extract.sourceColumn === null ? null : input.source,
    part,
  );
  let position: () => ScanPosition | null = () => null;
  const builder = new RowBuilder({
    columns: extract.columns,
    bindings: extract.namespaces,
    onBadValue: extract.onBadValue,
    namespaces: scope,
    position: () => position(),
    onRow: (cells) => rows.add(cells),
  });
  const events = new RecordEvents(builder, {
    isRowTag: rowTagTest(rowTag, extract.namespaces),
    namespaces: scope,
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
      await rows.drain();
      await part.commit();
      kept = true;
    }
    return {
      scan,
      part: kept ? part.path : null,
      rows: kept ? rows.rows : 0,
      records: events.records,
      badValues: builder.badValues,
      firstBadValue: builder.firstBadValue,
    };
  } finally {
    if (!kept) await part.discard();
  }
}

/** The per-file notes of an extraction: no record found, values that did not convert. */
export function extractWarnings(
  rowTag: string,
  records: number,
  badValues: number,
  firstBadValue: string | null,
  error: XmlError | null,
): { code: string; message: string }[] | undefined {
  const warnings: { code: string; message: string }[] = [];
  if (records === 0 && error === null) {
    warnings.push({
      code: 'row-tag-unmatched',
      message: `no <${rowTag}> element in this file, so it gave no rows; check the row tag`,
    });
  }
  if (badValues > 0) {
    warnings.push({
      code: 'bad-values',
      message: `${badValues} value${badValues === 1 ? '' : 's'} did not convert and ${badValues === 1 ? 'was' : 'were'} left empty; the first: ${firstBadValue ?? '?'}`,
    });
  }
  return warnings.length > 0 ? warnings : undefined;
}
