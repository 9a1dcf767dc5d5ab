/**
 * Runs a split file: submits every chunk at once, then walks the results in file order and
 * accepts a chunk only when it starts exactly where the previous accepted chunk stopped. A chunk
 * whose start was a false candidate (a row tag inside a comment, CDATA, an attribute value, or a
 * nested row of the same name) is re-run from the verified offset. Correctness first, always:
 * the merged result equals what one sequential scan gives.
 */
import { setMaxListeners } from 'node:events';
import type { ErrorKind, FileResult, XmlError } from '../../shared/results';
import type { JobOptions, ScanLimits } from '../../shared/tasks';
import { joinParts, removeParts } from '../convert/join-parts';
import { rowTagUnmatched } from '../convert/row-tag-warning';
import type { ChunkSpec, ChunkUnit, FileRef } from '../tasks/types';
import type { EntityUse } from '../xml';
import { isChunkContext } from './chunk-context-guard';
import { isChunkResult, isXmlError } from './chunk-result-guard';
import { mergeChunkResults } from './merge';
import { nothingScanned } from './run-chunk';
import type { ChunkContext, ChunkResult, SplitPlan } from './types';
import { unmatchedRowTag } from './unmatched-row-tag';

/** Runs a chunk on the pool; an aborted `signal` cancels it if it has not finished. */
export type SubmitChunk = (unit: ChunkUnit, signal?: AbortSignal) => Promise<unknown>;

type Settled = { ok: true; result: ChunkResult } | { ok: false; error: XmlError };

const RETRIED_KINDS: readonly ErrorKind[] = ['crash', 'oom', 'timeout', 'cancelled'];

/** The pool rejects with the reason a worker failed; keep its kind when it says one. */
function failureOf(reason: unknown): XmlError {
  if (isXmlError(reason)) return reason;
  // The job's submit wraps the pool's reason as `{ error: XmlError }`.
  if (
    typeof reason === 'object' &&
    reason !== null &&
    'error' in reason &&
    isXmlError(reason.error)
  ) {
    return reason.error;
  }
  const said =
    typeof reason === 'object' && reason !== null && 'kind' in reason ? reason.kind : null;
  const kind = RETRIED_KINDS.find((known) => known === said) ?? 'crash';
  const message = reason instanceof Error ? reason.message : String(reason);
  return { kind, line: null, column: null, offset: null, message };
}

async function settle(pending: Promise<unknown>, seq: number): Promise<Settled> {
  try {
    const result = await pending;
    if (!isChunkResult(result)) {
      return {
        ok: false,
        error: failureOf(new Error(`chunk ${seq} returned a malformed result`)),
      };
    }
    return { ok: true, result };
  } catch (reason) {
    return { ok: false, error: failureOf(reason) };
  }
}

/**
 * Entity limits count over the whole file, but a chunk run in parallel starts counting at zero.
 * When the chain so far plus this chunk's own count passes a limit, the chunk must be re-run
 * knowing the earlier count, to fail (or not) exactly where a sequential scan would.
 */
function mayPassEntityLimit(before: EntityUse, chunk: EntityUse, limits: ScanLimits): boolean {
  if (before.expansions === 0 && before.expandedChars === 0) return false;
  return (
    before.expansions + chunk.expansions > limits.maxEntityExpansions ||
    before.expandedChars + chunk.expandedChars > limits.maxEntityExpandedChars
  );
}

function addEntityUse(a: EntityUse, b: EntityUse): EntityUse {
  return {
    expansions: a.expansions + b.expansions,
    expandedChars: a.expandedChars + b.expandedChars,
  };
}

function contextOf(chunk: ChunkSpec): ChunkContext {
  if (!isChunkContext(chunk.context)) throw new Error(`chunk ${chunk.seq} has no split context`);
  return chunk.context;
}

export async function processSplitFile(
  file: FileRef,
  plan: SplitPlan,
  options: JobOptions,
  submit: SubmitChunk,
): Promise<FileResult> {
  const started = performance.now();
  const firstChunk = plan.chunks[0];
  if (!firstChunk) throw new Error(`split plan for ${file.path} has no chunks`);
  const firstContext = contextOf(firstChunk);
  const everyRun: Promise<Settled>[] = [];
  // Cancels the chunks still running once the result is decided (an error, a failed chunk):
  // scanning the rest of a huge broken file would only delay its answer.
  const unneeded = new AbortController();
  // Every chunk run listens to it: one listener per chunk, more than Node's default warning
  // threshold of 10 for a file of many chunks.
  setMaxListeners(plan.chunks.length * 2 + 2, unneeded.signal);
  const run = (chunk: ChunkSpec, signal?: AbortSignal): Promise<Settled> => {
    const settled = settle(submit({ kind: 'chunk', file, chunk }, signal), chunk.seq);
    everyRun.push(settled);
    return settled;
  };
  const firstRuns = plan.chunks.map((chunk) => run(chunk, unneeded.signal));
  let chain: ChunkResult[] = [];
  /** Entity expansion counted by the chain so far. */
  let used: EntityUse = { expansions: 0, expandedChars: 0 };
  /** Runs `chunk` again from a verified offset, continuing the chain's entity count. */
  const rerun = (chunk: ChunkSpec, start: number, end: number, signal?: AbortSignal) =>
    run(
      {
        seq: chunk.seq,
        range: { start, end },
        context: { ...contextOf(chunk), startAt: start, entityUse: used },
      },
      signal,
    );
  const failed = (error: XmlError): FileResult => ({
    file: file.path,
    index: file.index,
    task: options.task,
    ok: false,
    bytes: file.size,
    elements: 0,
    errorMode: 'first-fatal',
    errors: [error],
    encoding: plan.encoding,
    durationMs: performance.now() - started,
    workerId: null,
    attempts: 1,
    split: { rowTag: plan.rowTag, detected: plan.detected, chunks: plan.chunks.length },
  });

  let failure: XmlError | null = null;
  try {
    for (const [seq, chunk] of plan.chunks.entries()) {
      const first = firstRuns[seq];
      if (!first) break;
      let settled = await first;
      const previous = chain.at(-1);
      if (previous && settled.ok) {
        const verified = settled.result.found && settled.result.start === previous.stop;
        if (!verified) {
          settled =
            previous.stop >= chunk.range.end
              ? { ok: true, result: nothingScanned(seq, previous.workerId, previous.stop) }
              : await rerun(chunk, previous.stop, chunk.range.end, unneeded.signal);
        } else if (mayPassEntityLimit(used, settled.result.entityUse, options.limits)) {
          settled = await rerun(chunk, settled.result.start, chunk.range.end, unneeded.signal);
        }
      }
      if (!settled.ok) {
        failure = settled.error;
        break;
      }
      chain.push(settled.result);
      used = addEntityUse(used, settled.result.entityUse);
      if (settled.result.error || settled.result.reachedEnd) break;
    }
    unneeded.abort();
    // The last chunk always runs to the end of the file; if a re-run left a gap, close it.
    let last = chain.at(-1);
    while (!failure && last && !last.error && !last.reachedEnd) {
      const lastChunk = plan.chunks.at(-1);
      if (!lastChunk) break;
      const settled = await rerun(lastChunk, last.stop, file.size);
      if (!settled.ok) failure = settled.error;
      else {
        chain.push(settled.result);
        used = addEntityUse(used, settled.result.entityUse);
      }
      last = chain.at(-1);
    }
    // A later chunk that reached a count or total cap left out paths or namespaces the merged
    // lists may still have room for: only a sequential run keeps the caps' exact semantics then.
    if (!failure && options.task === 'stats' && chain.slice(1).some((c) => c.stats?.capsReached)) {
      const whole = await run({
        seq: 0,
        range: { start: 0, end: file.size },
        context: firstContext,
      });
      if (!whole.ok) failure = whole.error;
      else chain = [whole.result];
    }
  } finally {
    unneeded.abort();
    // Wait for every chunk, even unused ones, so no worker writes a part after we return.
    await Promise.all(everyRun);
  }

  const allResults = (await Promise.all(everyRun)).flatMap((s) => (s.ok ? [s.result] : []));
  // Loaded only for extract jobs, like the task itself.
  const rows = options.task === 'extract' ? await import('../extract/split-parts') : null;
  await rows?.removeUnusedParts(allResults, chain);
  const usedParts = new Set(chain.flatMap((c) => (c.convert ? [c.convert.part] : [])));
  await removeParts(
    allResults.flatMap((r) =>
      r.convert && !usedParts.has(r.convert.part) ? [r.convert.part] : [],
    ),
  );
  if (failure) {
    await removeParts([...usedParts]);
    await rows?.removeChainParts(chain);
    return failed(failure);
  }

  const merged = mergeChunkResults({
    file,
    task: options.task,
    plan,
    chain,
    root: { name: firstContext.root.rootName, at: firstContext.root.openedAt },
    durationMs: 0,
  });
  if (options.task === 'convert') {
    const parts = chain.flatMap((c) => (c.convert ? [c.convert] : []));
    const output = parts[0]?.output;
    if (merged.ok && output !== undefined) {
      try {
        await joinParts(
          parts.map((p) => p.part),
          output,
        );
        merged.convert = {
          output,
          format: 'ndjson',
          records: parts.reduce((sum, p) => sum + p.records, 0),
        };
        const unmatched = rowTagUnmatched(
          plan.detected ? null : plan.rowTag,
          parts.reduce((sum, p) => sum + p.rows, 0),
          merged.elements,
          firstContext.root.rootName,
        );
        if (unmatched) merged.warnings = [unmatched];
      } catch (error) {
        merged.ok = false;
        merged.errors = [
          {
            kind: 'output',
            line: null,
            column: null,
            offset: null,
            message: error instanceof Error ? error.message : String(error),
          },
        ];
      }
    } else {
      await removeParts(parts.map((p) => p.part));
    }
  }
  // Convert counts the row elements it wrote (above); the other tasks look for the tag.
  if (options.task !== 'convert') {
    const unmatched = await unmatchedRowTag(file, plan, chain).catch(() => null);
    if (unmatched !== null) merged.warnings = [...(merged.warnings ?? []), unmatched];
  }
  if (rows) await rows.settleSplitRows(merged, chain, file.index, options);
  merged.durationMs = performance.now() - started;
  return merged;
}
