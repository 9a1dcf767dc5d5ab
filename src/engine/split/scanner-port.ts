/**
 * The few things splitting and convert need from the streaming scanner (src/engine/xml), in one
 * place, so the rest of src/engine/split reads in terms of chunks and rows rather than scanner
 * internals: the root context from a file's head, a scan of a byte range (from the start, or
 * resumed inside the root), and a sample of the root's children for row-tag detection.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { XmlError } from '../../shared/results';
import type { ScanLimits } from '../../shared/tasks';
import { fsPath } from '../fs/escaped-path';
import { FileChangedError, type PlannedStamp, ReadWatch } from '../fs/file-stamp';
import {
  ReadAbortedError,
  releaseReadBuffer,
  takeReadBuffer,
  YIELD_EVERY_BYTES,
  yieldToEventLoop,
} from '../tasks/read-file';
import { StatsCollector } from '../tasks/stats';
import { toXmlError } from '../tasks/validate';
import {
  type Attributes,
  type EntityUse,
  type FragmentContext,
  readPrologContext,
  type XmlHandler,
  XmlScanner,
  XmlStreamScanner,
} from '../xml';
import { planForLabel } from '../xml/encoding';
import type { ChunkStats, RootContext } from './types';

export type RootContextOutcome = { ok: true; root: RootContext } | { ok: false; reason: string };

/** Reads the head of a file through the end of the root start tag. */
export async function readRootContext(
  path: string,
  headBytes: number,
  limits: ScanLimits,
): Promise<RootContextOutcome> {
  let head: Uint8Array;
  try {
    const handle = await open(fsPath(path), 'r');
    try {
      const buffer = Buffer.allocUnsafe(headBytes);
      const { bytesRead } = await handle.read(buffer, 0, headBytes, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, reason: String(error) };
  }
  const prolog = await readPrologContext(head, limits);
  if (!prolog.ok) return { ok: false, reason: prolog.error.message };
  if (prolog.rootSelfClosing) return { ok: false, reason: 'the root element is empty' };
  return {
    ok: true,
    root: {
      encoding: prolog.encoding,
      rootName: prolog.rootName,
      namespaces: Object.entries(prolog.namespaces).map(([prefix, uri]) => ({ prefix, uri })),
      entities: Object.entries(prolog.entities),
      externalEntities: prolog.externalEntities,
      unparsedEntities: prolog.unparsedEntities,
      undeclaredEntitiesAllowed: prolog.undeclaredEntitiesAllowed,
      contentOffset: prolog.offset,
      openedAt: { line: prolog.rootLine, column: prolog.rootColumn },
    },
  };
}

/**
 * The scanner context for resuming inside the root. The root's "opened at" position is left out
 * (line 0): a chunk's positions are relative, and the merge puts the absolute one in messages.
 */
function fragmentContext(root: RootContext, entityUse: EntityUse | null = null): FragmentContext {
  return {
    ...(entityUse ? { entityUse } : {}),
    openElements: [root.rootName],
    namespaces: Object.fromEntries(root.namespaces.map((use) => [use.prefix, use.uri])),
    entities: Object.fromEntries(root.entities),
    externalEntities: root.externalEntities,
    unparsedEntities: root.unparsedEntities,
    undeclaredEntitiesAllowed: root.undeclaredEntitiesAllowed,
    openedAt: [{ line: 0, column: 0 }],
  };
}

export interface RangeScanRequest {
  path: string;
  fileSize: number;
  /** Where to start: 0 scans the prolog too; otherwise a `<` inside the root (content mode). */
  start: number;
  /** The root context to resume in; null when starting at 0. */
  root: RootContext | null;
  /** Entity expansion the file used before `start` (with `root`), counted towards the limits. */
  entityUse: EntityUse | null;
  /** Stop just before the first row start tag (a direct child of the root) at or after this. */
  stop: { rowTag: string; fromOffset: number } | null;
  collectStats: boolean;
  /** Bytes per read; a chunk asks for about its own size so a small chunk reads little. */
  readBytes?: number;
  limits: ScanLimits;
  signal: AbortSignal;
  /** The file's stamp when the job was planned: a file that differs fails as changed. */
  planned?: PlannedStamp;
  onProgress(bytesDone: number): void;
  /**
   * Called for each complete direct child of the root, with its absolute byte range, `<` through
   * the end of its end tag, in document order. An element from an entity's replacement text has
   * the reference's range, `&` through `;`.
   */
  onRecord: ((start: number, end: number, name: string) => void | Promise<void>) | null;
  /** With `onRecord`: each reference to an external entity (see XmlHandler.unreadEntity). */
  onUnreadEntity?: XmlHandler['unreadEntity'];
  /**
   * A handler for every event of the scan, text strings included (extract's record builder);
   * `scanner` gives the running scanner, for positions. Not combined with stats or records.
   */
  events?: (scanner: () => XmlScanner | null) => XmlHandler;
  /** Awaited after each chunk of bytes is scanned (and after the last): drains what `events` built. */
  afterChunk?: () => Promise<void>;
}

export interface RangeScan {
  /** Encoding in effect (from the BOM or the XML declaration; the root context's when resuming). */
  encoding: string;
  stop: number;
  reachedEnd: boolean;
  lineBreaks: number;
  charsSinceLastBreak: number;
  elements: number;
  /** Entity expansion counted in this range (excluding the request's `entityUse`). */
  entityUse: EntityUse;
  /** Line and column relative to `start`; offset absolute. */
  error: XmlError | null;
  stats: ChunkStats | null;
}

const NO_ATTRIBUTES: Attributes = {
  length: 0,
  name: () => '',
  value: () => '',
  rawValue: () => '',
};

/** A scanner over either a whole document (from byte 0) or a fragment inside the root. */
interface RangeScanner {
  write(chunk: Uint8Array): void;
  end(): void;
  core(): XmlScanner | null;
  encoding(): string | null;
}

function rangeScanner(request: RangeScanRequest, handler: XmlHandler): RangeScanner {
  const stop = request.stop ?? undefined;
  const limits = request.limits;
  const textStrings = request.events !== undefined;
  if (request.root === null) {
    const document = new XmlStreamScanner(
      handler,
      stop ? { limits, stop, textStrings } : { limits, textStrings },
    );
    return {
      write: (chunk) => document.write(chunk),
      end: () => document.end(),
      core: () => document.core,
      encoding: () => document.encoding,
    };
  }
  const root = request.root;
  const fragment = new XmlScanner(handler, {
    limits,
    startOffset: request.start,
    context: fragmentContext(root, request.entityUse),
    asciiOnly: root.encoding.toUpperCase() === 'US-ASCII',
    textStrings,
    ...(stop ? { stop } : {}),
  });
  return {
    write: (chunk) => fragment.write(chunk),
    end: () => fragment.finish(),
    core: () => fragment,
    encoding: () => root.encoding,
  };
}

export async function scanRange(request: RangeScanRequest): Promise<RangeScan> {
  const collector = request.collectStats ? new StatsCollector() : null;
  const records: [number, number, string][] = [];
  let recordStart = -1;
  let recordName = '';
  let scanner: RangeScanner | null = null;
  // Validate needs no events and stats only the collector's: hand it over as is, for speed.
  let handler: XmlHandler = collector ?? {};
  if (request.onRecord) {
    handler = {
      startElement(name, depth, offset, attributes) {
        collector?.startElement(name, depth, offset, attributes);
        if (depth === 2) {
          recordStart = offset;
          recordName = name;
        }
      },
      endElement(_name, depth) {
        if (depth !== 2 || recordStart < 0) return;
        // Called just after the end tag's '>' (or the '/>' of an empty element).
        const end = scanner?.core()?.sourceOffset() ?? recordStart;
        records.push([recordStart, end, recordName]);
        recordStart = -1;
      },
      unreadEntity: request.onUnreadEntity,
    };
    if (collector) {
      handler.text = (bytes) => collector.text(bytes);
      handler.namespace = (prefix, uri) => collector.namespace(prefix, uri);
    }
  }
  if (request.events) handler = request.events(() => scanner?.core() ?? null);
  // A chunk's collector starts inside the root: give it the root's path, then take it off again.
  const seeded = collector !== null && request.root !== null;
  if (seeded && request.root) collector?.startElement(request.root.rootName, 1, 0, NO_ATTRIBUTES);

  const active = rangeScanner(request, handler);
  scanner = active;
  let error: XmlError | null = null;
  // Synchronous reads, as in tasks/read-file.ts: no hop through libuv's shared thread pool per
  // chunk; the loop yields every few MiB so a cancel still gets through.
  let fd: number;
  try {
    fd = openSync(fsPath(request.path), 'r');
  } catch (reason) {
    const message = reason instanceof Error ? reason.message : String(reason);
    return failedBeforeStart(request, {
      kind: 'io',
      line: null,
      column: null,
      offset: null,
      message,
    });
  }
  const buffer = takeReadBuffer();
  let watch: ReadWatch | null = null;
  try {
    watch = new ReadWatch(fd, request.planned);
    const readBytes = Math.min(buffer.length, request.readBytes ?? buffer.length);
    let position = request.start;
    let sinceYield = 0;
    for (;;) {
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
      if (request.signal.aborted) throw new ReadAbortedError('cancelled');
      const bytesRead = readSync(fd, buffer, 0, readBytes, position);
      if (bytesRead === 0) {
        active.end();
        break;
      }
      position += bytesRead;
      sinceYield += bytesRead;
      active.write(buffer.subarray(0, bytesRead));
      for (const [from, to, name] of records.splice(0)) await request.onRecord?.(from, to, name);
      await request.afterChunk?.();
      request.onProgress(position - request.start);
      if (active.core()?.stopped) break;
    }
    for (const [from, to, name] of records.splice(0)) await request.onRecord?.(from, to, name);
    const change = watch.change();
    if (change) throw change;
    await request.afterChunk?.();
  } catch (thrown) {
    // An error in a file that changed meanwhile (a file being written fails to parse) is the
    // change's doing: say so instead.
    const settled = thrown instanceof ReadAbortedError || thrown instanceof FileChangedError;
    error = toXmlError((settled ? null : watch?.change()) ?? thrown);
  } finally {
    closeSync(fd);
    releaseReadBuffer(buffer);
  }

  const core = active.core();
  const at = core?.position() ?? null;
  const stoppedAt = core?.stoppedAt ?? null;
  const encoding = active.encoding() ?? request.root?.encoding ?? 'UTF-8';
  let stats: ChunkStats | null = null;
  if (collector) {
    const paths = collector.paths.map((entry) => ({ ...entry }));
    const rootPath = paths[0];
    if (seeded && rootPath) rootPath.count -= 1;
    stats = {
      elements: collector.elements - (seeded ? 1 : 0),
      attributes: collector.attributes,
      textBytes: collector.textBytes,
      maxDepth: collector.maxDepth,
      root: collector.root,
      encoding,
      namespaces: [...collector.namespaces],
      namespacesTruncated: collector.namespacesTruncated,
      paths,
      pathsTruncated: collector.pathsTruncated,
      capsReached: collector.capsReached,
    };
  }
  return {
    encoding,
    stop: error ? (error.offset ?? request.start) : (stoppedAt ?? request.fileSize),
    reachedEnd: error === null && stoppedAt === null,
    lineBreaks: at?.lineBreaks ?? 0,
    charsSinceLastBreak: at?.charsSinceLineBreak ?? 0,
    elements: core?.elements ?? 0,
    entityUse: usedSince(core?.entities.use() ?? NO_ENTITY_USE, request.entityUse),
    error,
    stats,
  };
}

const NO_ENTITY_USE: EntityUse = { expansions: 0, expandedChars: 0 };

function usedSince(now: EntityUse, before: EntityUse | null): EntityUse {
  if (before === null) return now;
  return {
    expansions: now.expansions - before.expansions,
    expandedChars: now.expandedChars - before.expandedChars,
  };
}

function failedBeforeStart(request: RangeScanRequest, error: XmlError): RangeScan {
  return {
    encoding: request.root?.encoding ?? 'UTF-8',
    stop: request.start,
    reachedEnd: false,
    lineBreaks: 0,
    charsSinceLastBreak: 0,
    elements: 0,
    entityUse: NO_ENTITY_USE,
    error,
    stats: null,
  };
}

export interface ChildSample {
  /** Direct children of the root seen in the sample, by name, in order of first appearance. */
  counts: Map<string, number>;
  /** Names seen deeper than the root's children. */
  nestedNames: Set<string>;
  /** The sample had a well-formedness error before its end. */
  failed: boolean;
}

/**
 * The sample as the scanner's UTF-8. A fragment scanner reads UTF-8 only, and only names and
 * depths are wanted here, not positions: a one-byte encoding (ISO-8859-1, windows-1252...) is
 * decoded, since its letters above 0x7F are not UTF-8. Anything else is scanned as it is.
 */
function asUtf8(bytes: Uint8Array, encoding: string): Uint8Array {
  const plan = planForLabel(encoding);
  if (plan.kind !== 'latin-1' && plan.kind !== 'single-byte') return bytes;
  const label = plan.kind === 'latin-1' ? 'latin1' : plan.label;
  return Buffer.from(new TextDecoder(label).decode(bytes), 'utf8');
}

/** Scans up to `sampleBytes` after the root start tag and counts the root's children. */
export async function sampleRootChildren(
  path: string,
  root: RootContext,
  sampleBytes: number,
  limits: ScanLimits,
): Promise<ChildSample> {
  const counts = new Map<string, number>();
  const nestedNames = new Set<string>();
  const scanner = new XmlScanner(
    {
      startElement(name, depth) {
        if (depth === 2) counts.set(name, (counts.get(name) ?? 0) + 1);
        else if (depth > 2) nestedNames.add(name);
      },
    },
    { limits, startOffset: root.contentOffset, context: fragmentContext(root) },
  );
  const handle = await open(fsPath(path), 'r');
  try {
    const buffer = new Uint8Array(sampleBytes);
    const { bytesRead } = await handle.read(buffer, 0, sampleBytes, root.contentOffset);
    scanner.write(asUtf8(buffer.subarray(0, bytesRead), root.encoding));
    if (bytesRead < sampleBytes) scanner.finish();
    return { counts, nestedNames, failed: false };
  } catch {
    return { counts, nestedNames, failed: true };
  } finally {
    await handle.close();
  }
}
