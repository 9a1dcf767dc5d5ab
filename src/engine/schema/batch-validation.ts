/**
 * Validating a file too big for one libxml2 tree: in batches of records along its row tag.
 *
 * Pass 1 (batch-plan.ts) scans the whole file for well-formedness and plans the batches. Pass 2
 * validates each batch as a document of its own (batch-document.ts): the head, the skeleton in
 * place, the batch's records. Errors inside a batch are the file's, with lines, columns and
 * element paths mapped back. Errors about the root element itself (its attributes, its content
 * model, which libxml2 reports on the root or at its end tag) are those every batch reports: a
 * count only one batch gets wrong (a maxOccurs on the records) is not the file's.
 *
 * What batches cannot see, the result says (warnings): identity constraints and ID/IDREF across
 * batches, and occurrence limits of the record element.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { FileResult, FileWarning, XmlError } from '../../shared/results';
import { fsPath } from '../fs/escaped-path';
import { detectRowTag } from '../split/detect-row-tag';
import { readRootContext } from '../split/scanner-port';
import { ReadAbortedError, yieldToEventLoop } from '../tasks/read-file';
import type { FileRef, TaskContext } from '../tasks/types';
import { scanFile, toXmlError } from '../tasks/validate';
import { BatchMemory, batchDocument, partAt } from './batch-document';
import { type Batch, type BatchPlan, planBatches } from './batch-plan';
import { type CheckTarget, checkDocument } from './check-document';
import { cleanMessage } from './compile';
import {
  type CrossBatchConstraints,
  crossBatchConstraints,
  hasDtdIds,
  isUnresolvedReference,
} from './cross-batch';
import { declaresMarkupEntities, placeErrors } from './error-positions';
import { Findings } from './findings';
import type { RawError } from './libxml2';
import { advance } from './line-breaks';
import type { SchemaRuntime } from './runtime';
import { schemaTarget } from './schema-target';
import { UnreadEntities, unreadEntityError } from './unread-entities';
import {
  charsetOf,
  checkedResult,
  fatalError,
  refusalErrors,
  type SchemaTuning,
} from './validate-against-schema';
import { ValidityErrors } from './validity-errors';

/** Bytes of the head read to find the root and detect the row tag. */
const HEAD_BYTES = 1024 * 1024;

function limitError(message: string): XmlError {
  return { kind: 'limit', line: null, column: null, offset: null, message };
}

function failed(base: FileResult, error: XmlError): FileResult {
  return { ...base, ok: false, errorMode: 'first-fatal', errors: [error] };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** `/root/rec[3]/qty` → ['root', 'rec', 3, '/qty']: the root's child step and the rest. */
function splitPath(path: string): { child: string; index: number | null; rest: string } | null {
  const match = /^\/[^/]+\/([^/[]+)(?:\[(\d+)\])?(.*)$/.exec(path);
  if (match === null) return null;
  return {
    child: match[1] ?? '',
    index: match[2] === undefined ? null : Number(match[2]),
    rest: match[3] ?? '',
  };
}

interface RootLevelError {
  error: XmlError;
  /** Batches that reported it. */
  seen: number;
  /** Reported at the root end tag, with libxml2's column there (0: none). */
  atEnd: { column: number } | null;
}

export async function validateInBatches(
  runtime: SchemaRuntime,
  file: FileRef,
  ctx: TaskContext,
  tuning: SchemaTuning,
): Promise<FileResult> {
  const options = ctx.options;
  // What a failure before the schema check reports: the scanner's verdict on the whole file,
  // since well-formedness comes first.
  const scanned = async (error: XmlError): Promise<FileResult> => {
    const { result, complete } = await scanFile(file, ctx, {});
    return complete ? failed(result, error) : result;
  };
  const head = await readRootContext(file.path, Math.min(HEAD_BYTES, file.size), options.limits);
  if (!head.ok) {
    return scanned(limitError(`cannot read the root element in the first 1 MiB: ${head.reason}`));
  }
  const root = head.root;
  const charset = charsetOf(root.encoding);
  const tooBig = `this file (${megabytes(file.size)}) is over the ${megabytes(tuning.wholeDocumentLimitBytes)} that libxml2 validates as one tree (the tree takes 10–20 times the file in WebAssembly memory, capped at 2 GB)`;
  if (charset === 'none') {
    return scanned(
      limitError(`${tooBig}, and a ${root.encoding} file cannot be validated in batches`),
    );
  }
  const given = options.rowTag === null || options.rowTag === 'auto' ? null : options.rowTag;
  const rowTag = given ?? (await detectRowTag(file.path, root, HEAD_BYTES, options.limits));
  if (rowTag === null) {
    return scanned(
      limitError(
        `${tooBig}; it is validated in batches of records, but its record element could not be detected (the root's children are not all alike): name it with --row-tag`,
      ),
    );
  }
  const found = schemaTarget(runtime, options.schema, file.path);
  if (!found.ok) return scanned(found.error);

  const unread = new UnreadEntities();
  const planned = await planBatches(
    file,
    ctx,
    root,
    rowTag,
    tuning.batchBytes,
    tuning.wholeDocumentLimitBytes,
    unread,
  );
  const base: FileResult = {
    file: file.path,
    index: file.index,
    task: options.task,
    ok: false,
    bytes: file.size,
    elements: planned.elements,
    errorMode: 'first-fatal',
    errors: [],
    encoding: planned.encoding,
    durationMs: 0,
    workerId: ctx.workerId,
    attempts: 1,
  };
  if (!planned.ok) {
    return failed(
      base,
      'error' in planned
        ? planned.error
        : limitError(`cannot validate it in batches: ${planned.limit}`),
    );
  }
  // As for a whole document (validate-against-schema.ts).
  if (found.target.dtd === null && unread.first !== null) {
    return failed(base, unreadEntityError(unread.first));
  }
  const checked = await validateBatches(runtime, found.target, planned.plan, file, ctx, charset);
  return checkedResult(base, {
    kind: found.kind,
    named: found.target.named,
    batches: planned.plan.batches.length,
    ...checked,
  });
}

async function validateBatches(
  runtime: SchemaRuntime,
  target: CheckTarget,
  plan: BatchPlan,
  file: FileRef,
  ctx: TaskContext,
  charset: 'utf-8' | 'single-byte',
): Promise<{ failures: XmlError[]; errors: ValidityErrors; warnings: FileWarning[] }> {
  const utf8 = charset === 'utf-8';
  const errors = new ValidityErrors(ctx.options.schema.maxErrors);
  let crossBatch: CrossBatchConstraints | null = target.compiled?.crossBatch ?? null;
  const rootLevel = new Map<string, RootLevelError>();
  // Where the next batch starts in the file: the head ends with the root start tag.
  let position = advance({ line: 1, column: 1 }, plan.head, utf8);
  const markupEntities = declaresMarkupEntities(plan.head);
  const memory = new BatchMemory();
  const fd = openSync(fsPath(file.path), 'r');
  try {
    for (const batch of plan.batches) {
      if (ctx.signal.aborted) throw new ReadAbortedError('cancelled');
      await yieldToEventLoop();
      const bytes = memory.forRead(batch.end - batch.start);
      if (readSync(fd, bytes, 0, bytes.length, batch.start) !== bytes.length) {
        throw new ReadAbortedError('the file changed while it was validated');
      }
      const outcome = checkBatch(runtime, target, plan, batch, bytes, memory, position, file.path, {
        errors,
        rootLevel,
        dropReferences: () => crossBatch === null || crossBatch.identity || crossBatch.ids,
      });
      if (outcome.failure.length > 0) return { failures: outcome.failure, errors, warnings: [] };
      // The DTD's files as the target names them too: a batch checked against the DTD compiled
      // once per worker reads none.
      crossBatch ??= dtdConstraints([...outcome.read, ...(target.dtd?.files ?? [])], plan.head);
      placeErrors(outcome.kept, {
        bytes,
        line: position.line,
        offset: batch.start,
        column: position.column,
        charset,
        markupEntities,
      });
      position = advance(position, bytes, utf8);
      ctx.progress(file.path, { start: 0, end: file.size }, file.size / 2 + batch.end / 2);
    }
  } catch (error) {
    if (error instanceof ReadAbortedError) throw error;
    return { failures: [toXmlError(error)], errors, warnings: [] };
  } finally {
    closeSync(fd);
  }
  // Errors about the root count when every batch reports them; the root end tag is where the
  // last batch ended.
  const onHead: XmlError[] = [];
  for (const { error, seen, atEnd } of rootLevel.values()) {
    if (seen < plan.batches.length) continue;
    if (atEnd === null) onHead.push(error);
    else {
      // The end tag is ASCII: libxml2's column there maps to bytes one to one.
      error.line = position.line;
      error.column = atEnd.column > 0 ? position.column + atEnd.column - 1 : position.column;
      error.offset = plan.contentEnd + Math.max(0, atEnd.column - 1);
    }
    errors.add(error);
  }
  placeErrors(onHead, { bytes: plan.head, line: 1, offset: 0, column: 1, charset, markupEntities });
  return { failures: [], errors, warnings: batchWarnings(plan, crossBatch) };
}

/** For a document's own DTD: its files as read in the first batch, and the internal subset. */
function dtdConstraints(read: readonly string[], head: Uint8Array): CrossBatchConstraints {
  const fromFiles = crossBatchConstraints('dtd', read);
  const subset = new TextDecoder('latin1').decode(head);
  return { ...fromFiles, ids: fromFiles.ids || hasDtdIds(subset) };
}

function batchWarnings(plan: BatchPlan, crossBatch: CrossBatchConstraints | null): FileWarning[] {
  const warnings: FileWarning[] = [];
  if (plan.batches.length > 1) {
    warnings.push({
      code: 'record-counts-per-batch',
      message: `validated in ${plan.batches.length.toLocaleString('en-US')} batches of records: occurrence limits on the record element (maxOccurs, minOccurs) were checked within each batch, not over the whole file`,
    });
  }
  if (plan.batches.length > 1 && crossBatch !== null && (crossBatch.identity || crossBatch.ids)) {
    const what = [
      ...(crossBatch.identity ? ['identity constraints (xs:unique, xs:key, xs:keyref)'] : []),
      ...(crossBatch.ids ? ['ID / IDREF'] : []),
    ].join(' and ');
    warnings.push({
      code: 'cross-batch-not-checked',
      message: `validated in batches of records: ${what} were checked within each batch only; duplicates across batches were not looked for, and references to another batch were not checked`,
    });
  }
  return warnings;
}

interface BatchState {
  errors: ValidityErrors;
  rootLevel: Map<string, RootLevelError>;
  dropReferences(): boolean;
}

function checkBatch(
  runtime: SchemaRuntime,
  target: CheckTarget,
  plan: BatchPlan,
  batch: Batch,
  bytes: Uint8Array,
  memory: BatchMemory,
  position: { line: number; column: number },
  path: string,
  state: BatchState,
): { failure: XmlError[]; kept: XmlError[]; read: string[] } {
  const document = batchDocument(plan, batch, bytes, memory);
  const batchLine = document.parts.find((part) => part.kind === 'batch')?.line ?? 1;
  const findings = new Findings(state.errors);
  const onRoot: { raw: RawError; part: 'head' | 'tail'; path: string | null }[] = [];
  let kept: XmlError[] = [];
  const outcome = checkDocument(runtime, target, document.bytes, path, {
    onError: (raw) => {
      if (state.dropReferences() && isUnresolvedReference(raw.message)) return;
      // libxml2 names no node and no line for a few errors (RELAX NG interleave): keep them.
      if (raw.line <= 0) {
        findings.add(raw, null, null);
        return;
      }
      const part = partAt(document.parts, raw.line);
      // An inserted skeleton copy is checked in its own batch.
      if (part === undefined || part.kind === 'inserted') return;
      if (part.kind === 'batch') {
        const line = position.line + raw.line - batchLine;
        const column =
          raw.column <= 0
            ? null
            : raw.line === batchLine
              ? raw.column + position.column - 1
              : raw.column;
        findings.add(raw, line, column);
      } else {
        onRoot.push({ raw, part: part.kind, path: null });
      }
    },
    beforeFree: () => {
      kept = findings.resolvePaths();
      for (const error of onRoot) error.path = error.raw.path();
    },
  });
  if (outcome.fatal !== null) {
    return { failure: [fatalError(outcome.fatal, path)], kept: [], read: [] };
  }
  const refused = refusalErrors(outcome);
  if (refused.length > 0) return { failure: refused, kept: [], read: [] };
  for (const error of kept) {
    if (error.path !== undefined) {
      error.path = mapPath(error.path, document.insertedBefore, batch, plan);
    }
  }
  const seenHere = new Set<string>();
  for (const { raw, part, path: nodePath } of onRoot) {
    // Head lines are the file's; the root end tag's line is known once every batch is read.
    const error: XmlError = {
      kind: 'invalid',
      line: part === 'head' ? raw.line : null,
      column: part === 'head' && raw.column > 0 ? raw.column : null,
      offset: null,
      message: cleanMessage(raw.message),
      ...(nodePath === null ? {} : { path: nodePath }),
    };
    // A DTD names the children it got ("got (entry entry …)"), which differ from batch to batch.
    const sameError = error.message.replace(/, got \(.*\)$/, '');
    const key = `${part}\u0000${error.line}\u0000${sameError}\u0000${nodePath ?? ''}`;
    if (seenHere.has(key)) continue;
    seenHere.add(key);
    const known = state.rootLevel.get(key);
    if (known) known.seen += 1;
    else {
      const atEnd = part === 'tail' ? { column: raw.column } : null;
      state.rootLevel.set(key, { error, seen: 1, atEnd });
    }
  }
  return { failure: [], kept, read: outcome.record.read };
}

/** A path from the batch document's numbering of the root's children to the file's. */
function mapPath(
  path: string,
  insertedBefore: Map<string, number>,
  batch: Batch,
  plan: BatchPlan,
): string {
  const parts = splitPath(path);
  if (parts === null) return path;
  const { child, index, rest } = parts;
  const inBatch = (index ?? 1) - (insertedBefore.get(child) ?? 0);
  const fileIndex = (batch.namesBefore.get(child) ?? 0) + inBatch;
  const rootStep = path.slice(0, path.indexOf('/', 1));
  const step = (plan.nameTotals.get(child) ?? 0) > 1 ? `${child}[${fileIndex}]` : child;
  return `${rootStep}/${step}${rest}`;
}
