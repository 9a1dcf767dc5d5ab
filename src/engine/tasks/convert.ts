/**
 * The convert task: XML to JSON with fast-xml-parser, after our scanner has checked the file is
 * well-formed (fast-xml-parser's own checks are far weaker). Files up to the whole-document limit
 * become one JSON document; bigger files, and any file given a row tag, become NDJSON with one
 * record per line, converted record by record so memory stays bounded.
 */
import { open, readFile } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import type { FileResult, XmlError } from '../../shared/results';
import { NdjsonRecords } from '../convert/ndjson-records';
import { type ConvertFormat, outputPathFor } from '../convert/output-path';
import { xmlConverter } from '../convert/xml-to-value';
import { AtomicFile } from '../fs/atomic-file';
import { readRootContext, scanRange } from '../split/scanner-port';
import type { FileRef, TaskContext } from './types';

/** Head bytes read to learn the root's name and the DTD's entities before converting records. */
const HEAD_BYTES = 1024 * 1024;

function outputError(message: string): XmlError {
  return { kind: 'output', line: null, column: null, offset: null, message };
}

function decoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding);
  } catch {
    return new TextDecoder('utf-8');
  }
}

export async function convertFile(file: FileRef, ctx: TaskContext): Promise<FileResult> {
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

  const scanBase = {
    path: file.path,
    fileSize: file.size,
    start: 0,
    root: null,
    entityUse: null,
    stop: null,
    collectStats: false,
    limits: ctx.options.limits,
    signal: ctx.signal,
    onProgress: (done: number) => ctx.progress(file.path, { start: 0, end: file.size }, done),
  };

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

  if (!asRecords) {
    const scan = await scanRange({ ...scanBase, onRecord: null, recordTag: null });
    result.elements = scan.elements;
    result.encoding = scan.encoding;
    if (scan.error) return finish(scan.error);
    let output: AtomicFile | null = null;
    try {
      const bytes = await readFile(file.path);
      const decoder = decoderFor(scan.encoding);
      const split = root?.contentOffset ?? 0;
      const value = converter.document(
        decoder.decode(bytes.subarray(split)),
        decoder.decode(bytes.subarray(0, split)),
      );
      output = await AtomicFile.create(target.path);
      await output.write(JSON.stringify(value));
      await output.commit();
      output = null;
    } catch (error) {
      return finish(outputError(`could not convert to JSON: ${String(error)}`));
    } finally {
      await output?.discard();
    }
    result.convert = { output: target.path, format, records: 1 };
    return finish(null);
  }

  // Records: with a row tag, each row element under the root; otherwise each child of the root.
  const rowTag = ctx.options.rowTag === 'auto' ? null : ctx.options.rowTag;
  const input = await open(file.path, 'r');
  let output: AtomicFile | null = null;
  try {
    output = await AtomicFile.create(target.path);
    const records = new NdjsonRecords(
      input,
      converter,
      output,
      decoderFor(root?.encoding ?? 'utf-8'),
    );
    const scan = await scanRange({
      ...scanBase,
      onRecord: (start, end, name) => records.add(start, end, name),
      recordTag: rowTag,
    });
    result.elements = scan.elements;
    result.encoding = scan.encoding;
    if (scan.error) return finish(scan.error);
    await records.flush();
    await output.commit();
    output = null;
    result.convert = { output: target.path, format, records: records.records };
    return finish(null);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return finish(outputError(`could not convert to NDJSON: ${String(error)}`));
  } finally {
    await output?.discard();
    await input.close();
  }
}
