/**
 * The main side's view of an extract job before it runs: the record element for `--row-tag auto`,
 * the inferred columns, and a preview of the first rows. All bounded (see sample.ts).
 */
import { EXTRACT_SAMPLE_INPUTS } from '../../shared/api';
import type { ColumnSpec } from '../../shared/column-spec';
import type { ExtractOptions, JobOptions, NamespaceBinding, ScanLimits } from '../../shared/tasks';
import { readRootContext, sampleRootChildren } from '../split/scanner-port';
import { needsNamespaces } from './column-paths';
import { ColumnInference } from './infer';
import { NamespaceScope } from './record-events';
import { RowBuilder } from './row-builder';
import { INFERENCE_SAMPLE_BYTES, sampleRecords } from './sample';
import { cellText } from './table/row-encoders';

/** Bytes of an input read to find the record element for `auto`. */
const AUTO_ROW_TAG_BYTES = 1024 * 1024;

export class ExtractSetupError extends Error {
  override name = 'ExtractSetupError';
}

/**
 * `auto`: the element that occurs most often directly under the root in the first MiB of an
 * input (the first seen, on a tie).
 */
async function recordElementOf(
  path: string,
  limits: ScanLimits,
): Promise<{ ok: true; name: string } | { ok: false; reason: string }> {
  const head = await readRootContext(path, AUTO_ROW_TAG_BYTES, limits);
  if (!head.ok)
    return { ok: false, reason: `cannot detect the row tag in ${path}: ${head.reason}` };
  let counts: ReadonlyMap<string, number>;
  try {
    counts = (await sampleRootChildren(path, head.root, AUTO_ROW_TAG_BYTES, limits)).counts;
  } catch (error) {
    // The file went away or became unreadable since its head was read.
    return { ok: false, reason: `cannot detect the row tag in ${path}: ${String(error)}` };
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [name, count] of counts) {
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  if (best === null) {
    return {
      ok: false,
      reason: `cannot detect the row tag: the root <${head.root.rootName}> of ${path} has no child element in its first MiB`,
    };
  }
  return { ok: true, name: best };
}

/**
 * `auto` over the first inputs, in order: the record element of the first one that has one. An input
 * that is empty, not XML or without any child of its root is passed over, as a missing one is
 * (it fails in the job itself, like any other input), so it cannot stop the whole run.
 */
export async function detectRecordElement(
  paths: readonly string[],
  limits: ScanLimits,
): Promise<string> {
  let firstReason: string | null = null;
  const tried = paths.slice(0, EXTRACT_SAMPLE_INPUTS);
  for (const path of tried) {
    const found = await recordElementOf(path, limits);
    if (found.ok) return found.name;
    firstReason ??= found.reason;
  }
  if (firstReason === null) throw new ExtractSetupError('no input to detect the row tag in');
  const others = tried.length > 1 ? `, nor in the next ${tried.length - 1} input(s)` : '';
  throw new ExtractSetupError(`${firstReason}${others}; give --row-tag NAME`);
}

export interface Inferred {
  rowTag: string;
  columns: ColumnSpec[];
  /** What inference read. */
  sample: { bytes: number; records: number; files: number };
}

export async function inferColumns(
  paths: readonly string[],
  rowTag: string,
  bindings: readonly NamespaceBinding[],
  limits: ScanLimits,
  signal?: AbortSignal,
): Promise<Inferred> {
  const first = paths[0];
  if (first === undefined) throw new ExtractSetupError('no input to infer the columns from');
  const tag = rowTag === 'auto' ? await detectRecordElement(paths, limits) : rowTag;
  // Any --ns binding may name the sampled elements, not only the row tag's.
  const scope = bindings.length > 0 ? new NamespaceScope() : null;
  const inference = new ColumnInference({ bindings, scope });
  const sample = await sampleRecords(paths, inference, {
    rowTag: tag,
    bindings,
    namespaces: scope,
    limits,
    budgetBytes: INFERENCE_SAMPLE_BYTES,
    ...(signal ? { signal } : {}),
  });
  const columns = inference.columns();
  if (columns.length === 0) {
    throw new ExtractSetupError(
      sample.records === 0
        ? `no <${tag}> element in the first ${INFERENCE_SAMPLE_BYTES / (1024 * 1024)} MiB of the inputs; check the row tag`
        : `the <${tag}> records hold no attributes or text to make columns of`,
    );
  }
  return { rowTag: tag, columns, sample };
}

export interface Preview {
  columns: string[];
  rows: string[][];
}

/**
 * The first `limit` rows the table will hold, as its cell texts: from the first inputs in order,
 * passing over those that hold no record (empty, binary, broken), as the row tag's detection
 * does, up to EXTRACT_SAMPLE_INPUTS of them. Reads at most 4 MiB in all (INFERENCE_SAMPLE_BYTES),
 * so a huge first input costs the UI no more time or memory than a small one: records that end
 * past it are not previewed.
 */
export async function previewRows(
  paths: readonly string[],
  rowTag: string,
  extract: ExtractOptions,
  limits: ScanLimits,
  limit: number,
): Promise<Preview> {
  const rows: string[][] = [];
  const scope = needsNamespaces(extract.columns, rowTag, extract.namespaces)
    ? new NamespaceScope()
    : null;
  const builder = new RowBuilder({
    columns: extract.columns,
    bindings: extract.namespaces,
    onBadValue: 'null',
    namespaces: scope,
    position: () => null,
    onRow: (cells) => {
      if (rows.length < limit) rows.push(cells.map((cell) => cellText(cell, extract.join)));
    },
  });
  await sampleRecords(paths.slice(0, EXTRACT_SAMPLE_INPUTS), builder, {
    rowTag,
    bindings: extract.namespaces,
    namespaces: scope,
    limits,
    budgetBytes: INFERENCE_SAMPLE_BYTES,
    enough: () => rows.length >= limit,
  });
  return { columns: extract.columns.map((column) => column.name), rows };
}

/**
 * An extract job's options made ready to run: `auto` resolved and missing columns inferred from
 * the inputs (`paths`, in input order). Used by the CLI and the service before a job starts.
 */
export async function resolveExtractOptions(
  paths: readonly string[],
  options: JobOptions,
): Promise<{ options: JobOptions; inferred: Inferred | null }> {
  const rowTag = options.rowTag ?? 'auto';
  if (options.extract.columns.length > 0) {
    if (rowTag !== 'auto' || paths.length === 0) return { options, inferred: null };
    return {
      options: { ...options, rowTag: await detectRecordElement(paths, options.limits) },
      inferred: null,
    };
  }
  const inferred = await inferColumns(paths, rowTag, options.extract.namespaces, options.limits);
  const source = options.extract.sourceColumn;
  const columns = inferred.columns.map((column) =>
    column.name === source ? { ...column, name: `${column.name}_2` } : column,
  );
  return {
    options: { ...options, rowTag: inferred.rowTag, extract: { ...options.extract, columns } },
    inferred,
  };
}
