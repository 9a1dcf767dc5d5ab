/**
 * The validate task with a schema: xmlpool's scanner checks well-formedness first (fast
 * rejection, exact positions), then libxml2 checks validity. A file up to
 * WHOLE_DOCUMENT_LIMIT_BYTES is validated as one tree; a bigger one in batches of records along
 * its row tag (batch-validation.ts), because libxml2 validates trees only and its tree takes
 * 10–20 times the file in WebAssembly memory, which is capped at 2 GB.
 */
import type { FileResult, FileWarning, SchemaKind, XmlError } from '../../shared/results';
import type { FileRef, TaskContext } from '../tasks/types';
import { scanFile } from '../tasks/validate';
import { validateInBatches } from './batch-validation';
import { type CheckOutcome, type CheckTarget, checkDocument } from './check-document';
import { DocumentBytes } from './document-bytes';
import { declaresMarkupEntities, placeErrors, type TextSpan } from './error-positions';
import { Findings } from './findings';
import { describeRefusal } from './input-policy';
import type { RawError } from './libxml2';
import { RECYCLE_HEAP_BYTES, type SchemaRuntime, SchemaSetupError, schemaRuntime } from './runtime';
import { SchemaJobFailure, schemaError, schemaTarget } from './schema-target';
import { UnreadEntities, unreadEntityError } from './unread-entities';
import { ValidityErrors } from './validity-errors';

/** Files up to this size are validated as one tree (up to ~600 MB of WebAssembly memory). */
export const WHOLE_DOCUMENT_LIMIT_BYTES = 32 * 1024 * 1024;

/** Tuning a test can shrink to exercise batches on small files. */
export interface SchemaTuning {
  wholeDocumentLimitBytes: number;
  batchBytes: number;
  /** WebAssembly memory past which the worker asks to be replaced. */
  recycleHeapBytes: number;
}

export const DEFAULT_SCHEMA_TUNING: SchemaTuning = {
  wholeDocumentLimitBytes: WHOLE_DOCUMENT_LIMIT_BYTES,
  batchBytes: 512 * 1024,
  recycleHeapBytes: RECYCLE_HEAP_BYTES,
};

export function charsetOf(encoding: string | null): TextSpan['charset'] {
  const name = (encoding ?? 'UTF-8').toUpperCase();
  if (name === 'UTF-8' || name === 'US-ASCII') return 'utf-8';
  if (name.startsWith('UTF-16') || name.startsWith('UCS') || name.startsWith('UTF-32')) {
    return 'none';
  }
  return 'single-byte';
}

/** libxml2 gave up on the tree: a limit of its own (depth, huge text, entity amplification). */
export function fatalError(raw: RawError, documentPath: string): XmlError {
  const message = raw.message.replace(/\s+/g, ' ').trim();
  const inDocument = raw.file === null || raw.file === documentPath;
  if (!inDocument) {
    return schemaError(`the DTD cannot be used: ${raw.file}:${raw.line}: ${message}`);
  }
  return {
    kind: 'limit',
    line: raw.line > 0 ? raw.line : null,
    column: raw.column > 0 ? raw.column : null,
    offset: null,
    message: `libxml2 cannot validate this document: ${message}`,
  };
}

/** Files the document's DTD needed and did not get make the check incomplete: an error. */
export function refusalErrors(outcome: CheckOutcome): XmlError[] {
  return outcome.record.refused.map((refusal) =>
    schemaError(`the document's DTD: ${describeRefusal(refusal)}`),
  );
}

export function truncationWarning(errors: ValidityErrors): FileWarning[] {
  if (errors.omitted === 0) return [];
  return [
    {
      code: 'errors-truncated',
      message: `${errors.omitted.toLocaleString('en-US')} more validity errors are not listed (--max-errors ${errors.limit})`,
    },
  ];
}

/** Chained catalogs that could not be loaded and were skipped (OASIS: as if empty). */
export function catalogWarnings(runtime: SchemaRuntime): FileWarning[] {
  return (runtime.catalogs?.skipped ?? []).map((catalog) => ({
    code: 'catalog-skipped',
    message: `skipped a catalog that ${catalog.namedBy} chains to, as XML Catalogs requires (as if it were empty): ${catalog.reason}`,
  }));
}

export interface SchemaCheckOutcome {
  kind: SchemaKind;
  named: string;
  /** Errors that end the check (a fatal libxml2 error, an unreadable DTD): no validity list. */
  failures: XmlError[];
  errors: ValidityErrors;
  batches: number | null;
  warnings: FileWarning[];
}

/** The result of a file that is well-formed and went through the schema check. */
export function checkedResult(base: FileResult, outcome: SchemaCheckOutcome): FileResult {
  const { errors, failures } = outcome;
  const complete = failures.length === 0;
  const warnings = [...outcome.warnings, ...(complete ? truncationWarning(errors) : [])];
  const listed = complete ? errors.list() : failures;
  return {
    ...base,
    ok: listed.length === 0,
    errorMode: complete ? 'all-validity' : 'first-fatal',
    errors: listed,
    schema: {
      schema: outcome.named,
      kind: outcome.kind,
      invalid: complete ? errors.total : 0,
      batches: outcome.batches,
    },
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

function failedResult(base: FileResult, error: XmlError): FileResult {
  return { ...base, ok: false, errorMode: 'first-fatal', errors: [error] };
}

/** The result of a file the schema check failed before reading it. */
function unreadResult(file: FileRef, ctx: TaskContext, error: XmlError): FileResult {
  return {
    file: file.path,
    index: file.index,
    task: ctx.options.task,
    ok: false,
    bytes: file.size,
    elements: 0,
    errorMode: 'first-fatal',
    errors: [error],
    encoding: null,
    durationMs: 0,
    workerId: ctx.workerId,
    attempts: 1,
  };
}

function wholeDocument(
  runtime: SchemaRuntime,
  target: CheckTarget,
  path: string,
  bytes: Uint8Array,
  encoding: string | null,
  maxErrors: number,
): Pick<SchemaCheckOutcome, 'failures' | 'errors'> {
  const errors = new ValidityErrors(maxErrors);
  const findings = new Findings(errors);
  const outcome = checkDocument(runtime, target, bytes, path, {
    onError: (raw) =>
      findings.add(raw, raw.line > 0 ? raw.line : null, raw.column > 0 ? raw.column : null),
    beforeFree: () => findings.resolvePaths(),
  });
  if (outcome.fatal !== null) return { failures: [fatalError(outcome.fatal, path)], errors };
  const refused = refusalErrors(outcome);
  if (refused.length > 0) return { failures: refused, errors };
  placeErrors(errors.list(), {
    bytes,
    line: 1,
    offset: 0,
    column: 1,
    charset: charsetOf(encoding),
    markupEntities: declaresMarkupEntities(bytes),
  });
  return { failures: [], errors };
}

export async function validateAgainstSchema(
  file: FileRef,
  ctx: TaskContext,
  tuning: SchemaTuning = DEFAULT_SCHEMA_TUNING,
): Promise<FileResult> {
  const started = performance.now();
  const options = ctx.options.schema;
  let skipped: FileWarning[] = [];
  const finish = (result: FileResult): FileResult => {
    const warnings = [...skipped, ...(result.warnings ?? [])];
    return {
      ...result,
      durationMs: performance.now() - started,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  };
  let runtime: SchemaRuntime;
  try {
    runtime = await schemaRuntime(options);
  } catch (error) {
    if (!(error instanceof SchemaSetupError)) throw error;
    return finish(unreadResult(file, ctx, schemaError(error.message)));
  }
  // On every file: which schema or DTD any of them resolves (or compiled once per worker
  // before) may have missed an entry of the skipped catalog.
  skipped = catalogWarnings(runtime);
  try {
    if (file.size > tuning.wholeDocumentLimitBytes) {
      return finish(await validateInBatches(runtime, file, ctx, tuning));
    }
    const document = new DocumentBytes(file.size);
    try {
      const unread = new UnreadEntities();
      const { result, complete } = await scanFile(file, ctx, unread, (chunk) =>
        document.append(chunk),
      );
      if (!complete) return finish(result);
      const bytes = document.bytes();
      const found = schemaTarget(runtime, options, file.path, bytes);
      if (!found.ok) return finish(failedResult(result, found.error));
      const { target } = found;
      // Against its own DTD, libxml2 asks for the entity and is refused (refusalErrors).
      if (target.dtd === null && unread.first !== null) {
        return finish(failedResult(result, unreadEntityError(unread.first)));
      }
      const checked = wholeDocument(
        runtime,
        target,
        file.path,
        bytes,
        result.encoding,
        options.maxErrors,
      );
      return finish(
        checkedResult(result, {
          kind: found.kind,
          named: target.named,
          batches: null,
          warnings: [],
          ...checked,
        }),
      );
    } finally {
      document.release();
    }
  } catch (error) {
    // The job's schema cannot be used: the job fails with this message (see JobRun).
    if (!(error instanceof SchemaJobFailure)) throw error;
    return finish(unreadResult(file, ctx, schemaError(error.message)));
  } finally {
    if (runtime.lib.heapBytes() > tuning.recycleHeapBytes) ctx.recycle?.();
  }
}
