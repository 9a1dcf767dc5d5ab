/**
 * The convert task: XML to JSON in fast-xml-parser's notation. Files up to the whole-document
 * limit become one JSON document; bigger files, and any file given a row tag, become NDJSON with
 * one record (an element under the root) per line, converted record by record so memory stays
 * bounded, and with what lies between the records kept on lines of its own.
 *
 * Most files take the fast path (convert/fast-path): one scan whose events build the JSON. The
 * rest, and any file whose shape the fast path does not cover, are converted with fast-xml-parser
 * itself after our scanner has checked the file is well-formed (fast-xml-parser's own checks are
 * far weaker).
 */
import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TextDecoder } from 'node:util';
import type { FileResult, XmlError } from '../../shared/results';
import {
  documentFromEvents,
  type FromEvents,
  recordsFromEvents,
} from '../convert/fast-path/convert-from-events';
import { fastPathRefusal } from '../convert/fast-path/fast-path-scope';
import { type DocumentHead, streamedFromEvents } from '../convert/fast-path/streamed-from-events';
import {
  ensureHeapFor,
  HeapBudgetError,
  recordsHeap,
  wholeParseHeap,
} from '../convert/heap-budget';
import { NdjsonRecords } from '../convert/ndjson-records';
import { type ConvertFormat, outputPathFor } from '../convert/output-path';
import { readRange } from '../convert/record-batch';
import { rowTagUnmatched } from '../convert/row-tag-warning';
import { type FastXmlParserSource, StreamedDocument } from '../convert/streamed-document';
import { xmlConverter } from '../convert/xml-to-value';
import { AtomicFile, OutputWriteError } from '../fs/atomic-file';
import { fsPath } from '../fs/escaped-path';
import { checkStillAsPlanned, FileChangedError } from '../fs/file-stamp';
import { type RangeScanRequest, readRootContext, scanRange } from '../split/scanner-port';
import type { RootContext } from '../split/types';
import type { FileRef, TaskContext } from './types';

/** Head bytes read to learn the root's name and the DTD's entities before converting records. */
const HEAD_BYTES = 1024 * 1024;

function outputError(message: string): XmlError {
  return { kind: 'output', line: null, column: null, offset: null, message };
}

function convertError(format: 'JSON' | 'NDJSON', error: unknown): XmlError {
  if (error instanceof HeapBudgetError) {
    return { kind: 'oom', line: null, column: null, offset: null, message: error.message };
  }
  // It names the file and the system's reason (ENOSPC...).
  if (error instanceof OutputWriteError) return outputError(error.message);
  if (error instanceof FileChangedError) {
    return { kind: 'changed', line: null, column: null, offset: null, message: error.message };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return outputError(`could not convert to ${format}: ${reason}`);
}

function decoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding);
  } catch {
    return new TextDecoder('utf-8');
  }
}

/**
 * Whole documents from this size up are converted streamed (see streamed-document.ts); smaller
 * ones, where fast-xml-parser's tree is no burden, are parsed whole.
 */
export const STREAM_DOCUMENTS_FROM_BYTES = 8 * 1024 * 1024;

export async function convertFile(
  file: FileRef,
  ctx: TaskContext,
  streamDocumentsFrom = STREAM_DOCUMENTS_FROM_BYTES,
  /** False converts with fast-xml-parser only: the reference the fast path is tested against. */
  fastPath = true,
): Promise<FileResult> {
  const started = performance.now();
  const options = ctx.options.convert;
  const asRecords = ctx.options.rowTag !== null || file.size > options.wholeDocumentLimitBytes;
  const format: ConvertFormat = asRecords ? 'ndjson' : 'json';
  const result: FileResult = {
    file: file.path,
    index: file.index,
    task: 'convert',
    ok: false,
    bytes: file.size,
    elements: 0,
    errorMode: 'first-fatal',
    errors: [],
    encoding: null,
    durationMs: 0,
    workerId: ctx.workerId,
    attempts: 1,
  };
  const finish = (error: XmlError | null): FileResult => {
    result.ok = error === null;
    result.errors = error ? [error] : [];
    result.durationMs = performance.now() - started;
    return result;
  };

  const target = outputPathFor(file, ctx.outputDir, format);
  if (!target.ok) return finish(outputError(target.message));
  const rowTag = ctx.options.rowTag === 'auto' ? null : ctx.options.rowTag;
  /** A committed NDJSON output: `lines` written, `rows` of them records named by the row tag. */
  const finishRecords = (lines: number, rows: number, elements: number): FileResult => {
    result.convert = { output: target.path, format, records: lines };
    const unmatched = rowTagUnmatched(rowTag, rows, elements, root?.rootName ?? null);
    if (unmatched) result.warnings = [unmatched];
    return finish(null);
  };

  const scanBase = wholeFileScan(file, ctx);

  // The root's name (records' paths start there) and the DTD's entities (expanded before
  // fast-xml-parser sees the text); a head that fails to scan fails the scan below anyway.
  const headBytes = Math.max(1, Math.min(HEAD_BYTES, file.size));
  const head = await readRootContext(file.path, headBytes, ctx.options.limits);
  const root = head.ok ? head.root : null;
  const converter = xmlConverter(
    {
      options,
      pathPrefix: asRecords ? (root?.rootName ?? '') : '',
      maxDepth: ctx.options.limits.maxDepth,
    },
    root?.entities ?? [],
    ctx.options.limits,
  );

  const fast = fastPath && fastPathRefusal(options, root) === null;
  const streamable = !asRecords && root !== null && file.size >= streamDocumentsFrom;
  // The fast path reads any encoding; fast-xml-parser's streamed path reads UTF-8 byte ranges.
  for (const fastStream of streamable ? (fast ? [true, false] : [false]) : []) {
    if (root === null || (!fastStream && !isUtf8(root.encoding))) continue;
    const streamed = await convertStreamed(file, ctx, root, target.path, scanBase, fastStream);
    if (streamed !== null) {
      result.elements = streamed.elements;
      result.encoding = streamed.encoding;
      if (streamed.error) return finish(streamed.error);
      result.convert = { output: target.path, format, records: 1 };
      return finish(null);
    }
  }

  if (!asRecords && fast && file.size < streamDocumentsFrom) {
    let output: AtomicFile | null = null;
    try {
      ensureHeapFor(recordsHeap(file.size), `converting ${file.relative} to one JSON document`);
      const converted = await documentFromEvents(scanBase, options);
      if (converted.unsupported === null) {
        const { scan, value } = converted;
        result.elements = scan.elements;
        result.encoding = scan.encoding;
        if (scan.error) return finish(scan.error);
        if (value !== null) {
          output = await AtomicFile.create(target.path);
          await output.write(value);
          await checkStillAsPlanned(file.path, file);
          await output.commit();
          output = null;
          result.convert = { output: target.path, format, records: 1 };
          return finish(null);
        }
      }
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return finish(convertError('JSON', error));
    } finally {
      await output?.discard();
    }
  }

  if (asRecords && fast && root !== null) {
    let output: AtomicFile | null = null;
    try {
      output = await AtomicFile.create(target.path);
      const converted = await recordsFromEvents(scanBase, options, root.rootName, output);
      if (converted.unsupported === null) {
        const { scan, value } = converted;
        result.elements = scan.elements;
        result.encoding = scan.encoding;
        if (scan.error) return finish(scan.error);
        await checkStillAsPlanned(file.path, file);
        await output.commit();
        output = null;
        return finishRecords(value.lines, value.named.get(rowTag ?? '') ?? 0, scan.elements);
      }
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return finish(convertError('NDJSON', error));
    } finally {
      await output?.discard();
    }
  }

  if (!asRecords) {
    const scan = await scanRange({ ...scanBase, onRecord: null });
    result.elements = scan.elements;
    result.encoding = scan.encoding;
    if (scan.error) return finish(scan.error);
    let output: AtomicFile | null = null;
    try {
      ensureHeapFor(
        wholeParseHeap(file.size, scan.elements),
        `converting ${file.relative} to one JSON document`,
      );
      const bytes = await readFile(fsPath(file.path));
      const decoder = decoderFor(scan.encoding);
      const split = root?.contentOffset ?? 0;
      const value = converter.document(
        decoder.decode(bytes.subarray(split)),
        decoder.decode(bytes.subarray(0, split)),
      );
      output = await AtomicFile.create(target.path);
      await output.write(JSON.stringify(value));
      await checkStillAsPlanned(file.path, file);
      await output.commit();
      output = null;
    } catch (error) {
      return finish(convertError('JSON', error));
    } finally {
      await output?.discard();
    }
    result.convert = { output: target.path, format, records: 1 };
    return finish(null);
  }

  // Records: each element under the root (a row tag only says where a split may cut), and the
  // content between them.
  const input = await open(fsPath(file.path), 'r');
  let output: AtomicFile | null = null;
  try {
    output = await AtomicFile.create(target.path);
    const records = new NdjsonRecords({
      input,
      converter,
      output,
      decoder: decoderFor(root?.encoding ?? 'utf-8'),
      from: 0,
    });
    const scan = await scanRange({
      ...scanBase,
      onRecord: (start, end, name) => records.add(start, end, name),
    });
    result.elements = scan.elements;
    result.encoding = scan.encoding;
    if (scan.error) return finish(scan.error);
    await records.finish(file.size);
    await checkStillAsPlanned(file.path, file);
    await output.commit();
    output = null;
    const rows = rowTag === null ? 0 : records.elementsNamed(rowTag);
    return finishRecords(records.records, rows, scan.elements);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return finish(convertError('NDJSON', error));
  } finally {
    await output?.discard();
    await input.close();
  }
}

function isUtf8(encoding: string): boolean {
  return ['UTF-8', 'US-ASCII'].includes(encoding.toUpperCase());
}

export type ScanBase = Omit<RangeScanRequest, 'onRecord'>;

/** A scan of the whole file from its first byte, reporting progress for the task. */
export function wholeFileScan(file: FileRef, ctx: TaskContext): ScanBase {
  return {
    path: file.path,
    fileSize: file.size,
    start: 0,
    root: null,
    entityUse: null,
    stop: null,
    collectStats: false,
    limits: ctx.options.limits,
    signal: ctx.signal,
    planned: file,
    onProgress: (done: number) => ctx.progress(file.path, { start: 0, end: file.size }, done),
  };
}

interface StreamedOutcome {
  elements: number;
  encoding: string;
  error: XmlError | null;
}

/**
 * Converts a whole document streamed, child by child of the root, on the fast path or with
 * fast-xml-parser; null when the document has a shape only a whole-tree parse gives (nothing was
 * written then).
 */
export async function convertStreamed(
  file: FileRef,
  ctx: TaskContext,
  root: RootContext,
  target: string,
  scanBase: ScanBase,
  fastPath = false,
): Promise<StreamedOutcome | null> {
  const options = ctx.options.convert;
  const rootName = root.rootName;
  const alwaysArray = new Set(options.alwaysArray);
  if (alwaysArray.has(rootName)) return null;
  let input: FileHandle | null = null;
  let document: StreamedDocument | null = null;
  let output: AtomicFile | null = null;
  try {
    await mkdir(dirname(target), { recursive: true });
    let source: FastXmlParserSource | null = null;
    if (!fastPath) {
      input = await open(fsPath(file.path), 'r');
      const setup = { options, pathPrefix: rootName, maxDepth: ctx.options.limits.maxDepth };
      const converter = xmlConverter(setup, root.entities, ctx.options.limits);
      source = { input, converter, decoder: new TextDecoder('utf-8') };
    }
    document = await StreamedDocument.create({
      source,
      output: target,
      isArrayChild: (name) => alwaysArray.has(`${rootName}.${name}`),
      contentOffset: root.contentOffset,
    });
    const streamed =
      source === null
        ? await streamedFromEvents(scanBase, options, rootName, document)
        : await streamWithParser(file, ctx, root, scanBase, document, source);
    if (streamed.unsupported !== null) return null;
    const { scan, value: head } = streamed;
    if (scan.error) return { elements: scan.elements, encoding: scan.encoding, error: scan.error };
    output = await AtomicFile.create(target);
    await document.writeTo(output, head, rootName);
    await checkStillAsPlanned(file.path, file);
    await output.commit();
    output = null;
    return { elements: scan.elements, encoding: scan.encoding, error: null };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return { elements: 0, encoding: root.encoding, error: convertError('JSON', error) };
  } finally {
    await output?.discard();
    await document?.dispose();
    await input?.close();
  }
}

/** The root's children converted by fast-xml-parser into `document`, and the document's head. */
async function streamWithParser(
  file: FileRef,
  ctx: TaskContext,
  root: RootContext,
  scanBase: ScanBase,
  document: StreamedDocument,
  source: FastXmlParserSource,
): Promise<FromEvents<DocumentHead>> {
  const options = ctx.options.convert;
  const rootName = root.rootName;
  const refused = (reason: string) => ({ unsupported: reason });
  // The prolog with an empty root: the prolog's instructions and the root's attributes.
  const prolog = source.decoder.decode(await readRange(source.input, 0, root.contentOffset));
  const setup = { options, pathPrefix: '', maxDepth: ctx.options.limits.maxDepth };
  const head = xmlConverter(setup, root.entities, ctx.options.limits).document(
    `</${rootName}>`,
    prolog,
  );
  if (typeof head !== 'object' || head === null || Array.isArray(head)) {
    return refused('no object');
  }
  // "" for a root without attributes, else an object of them.
  const rootValue: unknown = Reflect.get(head, rootName);
  let attributes: object = {};
  if (typeof rootValue === 'object' && rootValue !== null && !Array.isArray(rootValue)) {
    attributes = rootValue;
  } else if (rootValue !== '') return refused('a root that is neither "" nor an object');
  const scan = await scanRange({
    ...scanBase,
    // A refusal stops the scan: the whole parse scans the file again anyway.
    signal: AbortSignal.any([scanBase.signal, document.refused]),
    onRecord: (start, end, name) => document.add(start, end, name),
  });
  if (!document.streamable) return refused('not streamable');
  if (!scan.error) {
    await document.flush();
    await document.checkTail(file.size, rootName);
    // Keys fast-xml-parser would merge with a child's values: the root's attributes (with an
    // attribute prefix of '') and its text node.
    const rootKeys = [...Object.keys(attributes), options.textNodeName];
    if (!document.streamable || document.collidesWith(rootKeys)) return refused('not streamable');
  }
  return { unsupported: null, scan, value: Object.fromEntries(Object.entries(head)) };
}
