/**
 * One JSON document for a whole XML document, in bounded memory. fast-xml-parser's whole-tree
 * parse needs some 15–20 times the file's size in heap (a 63 MB file of small elements does not
 * fit in 1 GB), so bigger documents are converted the way NDJSON records are: the root's children
 * in batches, their JSON values spooled to a scratch file beside the output. The values come from
 * fast-xml-parser (a `source` to read and convert them), or ready as JSON text from the fast path
 * (`spool`, see fast-path/streamed-from-events.ts). The document is then
 * assembled in fast-xml-parser's own shape, checked against it in streamed-document.test.ts: one
 * key per child name in order of first appearance (an array when the name repeats or is an
 * always-array path), then the root's attributes.
 *
 * That shape holds only when the root contains nothing but child elements, whitespace and
 * comments, and nothing but whitespace and comments follows it. Anything else (text directly in
 * the root, a processing instruction in or after it) turns `streamable` false, and the caller
 * converts the whole tree instead.
 */
import { type FileHandle, open, rm } from 'node:fs/promises';
import type { TextDecoder } from 'node:util';
import { type AtomicFile, writeAllTo } from '../fs/atomic-file';
import { tempPathBeside } from '../fs/temp-files';
import { ensureHeapFor, recordsHeap } from './heap-budget';
import { isIgnorable } from './outside-records';
import { endsBatch, type RecordRange, readRange } from './record-batch';
import type { XmlConverter } from './xml-to-value';

const COPY_BYTES = 1024 * 1024;

/** The input and converter of children converted by fast-xml-parser. */
export interface FastXmlParserSource {
  input: FileHandle;
  converter: XmlConverter;
  decoder: TextDecoder;
}

/** A run of a group's values in the scratch file (each value is written followed by a comma). */
interface Spooled {
  offset: number;
  length: number;
}

/**
 * The values of the children of one name. Values written one after another in the scratch file
 * share one run, so memory grows with the changes of name, not with the number of children.
 */
interface Group {
  count: number;
  runs: Spooled[];
}

export class StreamedDocument {
  /** False once the document turned out to have a shape only the whole-tree parse gives. */
  streamable = true;
  private readonly refusal = new AbortController();
  /** Values of the root's children, by name, in order of first appearance. */
  private readonly groups = new Map<string, Group>();
  private batch: RecordRange[] = [];
  private batchName = '';
  /** End of the last record queued (the root's content start before the first). */
  private lastEnd: number;
  private scratchBytes = 0;
  private readonly spoolBuffer = Buffer.allocUnsafe(COPY_BYTES);

  private constructor(
    /** What converts the children with fast-xml-parser; null when the values come ready. */
    private readonly source: FastXmlParserSource | null,
    private readonly scratch: FileHandle,
    private readonly scratchPath: string,
    /** Always-array paths among the root's children, by child name. */
    private readonly isArrayChild: (name: string) => boolean,
    contentOffset: number,
  ) {
    this.lastEnd = contentOffset;
  }

  static async create(options: {
    /** Null when the children's values are given ready (spool), not read and converted. */
    source: FastXmlParserSource | null;
    /** The final output's path; the scratch file is made beside it. */
    output: string;
    isArrayChild: (name: string) => boolean;
    /** Byte offset just after the root's start tag. */
    contentOffset: number;
  }): Promise<StreamedDocument> {
    const scratchPath = tempPathBeside(options.output, 'values');
    const scratch = await open(scratchPath, 'wx+');
    return new StreamedDocument(
      options.source,
      scratch,
      scratchPath,
      options.isArrayChild,
      options.contentOffset,
    );
  }

  /** Aborted when the document is found not streamable: the scan feeding it can stop there. */
  get refused(): AbortSignal {
    return this.refusal.signal;
  }

  private refuse(): void {
    this.streamable = false;
    this.refusal.abort();
  }

  /** Queues the root's child `name` whose bytes are [start, end) in the input. */
  async add(start: number, end: number, name: string): Promise<void> {
    if (!this.streamable) return;
    if (endsBatch(this.batch, this.batchName, name, end)) await this.flush();
    if (this.batch.length === 0) this.batchName = name;
    this.batch.push({ start, end });
  }

  /** Converts the queued children; call once more after the last one. */
  async flush(): Promise<void> {
    const batch = this.batch;
    const last = batch.at(-1);
    const source = this.source;
    if (!last || !this.streamable || source === null) return;
    this.batch = [];
    // Read from the end of the previous child, to check what lies between children too.
    const from = this.lastEnd;
    ensureHeapFor(recordsHeap(last.end - from), `converting elements of ${last.end - from} bytes`);
    const bytes = await readRange(source.input, from, last.end);
    const text = (start: number, end: number) =>
      source.decoder.decode(bytes.subarray(start - from, end - from));
    let previousEnd = from;
    const xmls: string[] = [];
    for (const record of batch) {
      if (!isIgnorable(text(previousEnd, record.start))) {
        this.refuse();
        return;
      }
      xmls.push(text(record.start, record.end));
      previousEnd = record.end;
    }
    this.lastEnd = last.end;
    const name = this.batchName;
    const unwrap = this.isArrayChild(name);
    const { key, values } = source.converter.records(name, xmls);
    // fast-xml-parser renames a few names (toString becomes __toString), and its always-array
    // paths then use the new name: leave those to the whole parse.
    if (key !== name) {
      this.refuse();
      return;
    }
    // An always-array child comes back as [value] from a record parse; the array is the group's.
    const json = values.map((value) =>
      JSON.stringify(unwrap && Array.isArray(value) ? value[0] : value),
    );
    // No value at all: fast-xml-parser took the child for something else (an element named
    // like the text node, with an always-array path, comes back as []). Only the whole parse
    // says what the document then is.
    if (json.some((text) => text === undefined)) {
      this.refuse();
      return;
    }
    await this.spool(name, json);
  }

  /** Spools values of the root's child `name`, as JSON text, after those spooled before. */
  async spool(name: string, values: readonly string[]): Promise<void> {
    let group = this.groups.get(name);
    if (!group) {
      group = { count: 0, runs: [] };
      this.groups.set(name, group);
    }
    const start = this.scratchBytes;
    // Each value encoded straight into one reused buffer, followed by a comma.
    let buffer = this.spoolBuffer;
    let used = 0;
    for (const value of values) {
      // A UTF-16 unit takes at most 3 bytes of UTF-8; the comma one more.
      const most = value.length * 3 + 1;
      if (used + most > buffer.length) {
        await writeAllTo(this.scratch, buffer.subarray(0, used), this.scratchPath);
        this.scratchBytes += used;
        used = 0;
        if (most > buffer.length) buffer = Buffer.allocUnsafe(most);
      }
      used += buffer.write(value, used);
      buffer[used++] = 0x2c;
    }
    await writeAllTo(this.scratch, buffer.subarray(0, used), this.scratchPath);
    this.scratchBytes += used;
    const length = this.scratchBytes - start;
    const run = group.runs.at(-1);
    if (run && run.offset + run.length === start) run.length += length;
    else group.runs.push({ offset: start, length });
    group.count += values.length;
  }

  /**
   * Checks what follows the last child: whitespace and comments, the root's end tag, and
   * whitespace and comments again; anything else makes the document not streamable.
   */
  async checkTail(fileSize: number, rootName: string): Promise<void> {
    if (!this.streamable || this.source === null) return;
    const input = this.source.input;
    const bytes = fileSize - this.lastEnd;
    ensureHeapFor(recordsHeap(bytes), `reading the ${bytes} bytes after the root's last child`);
    const tail = this.source.decoder.decode(await readRange(input, this.lastEnd, fileSize));
    const endTag = tail.indexOf(`</${rootName}`);
    const close = tail.indexOf('>', endTag);
    this.streamable =
      endTag >= 0 &&
      close >= 0 &&
      isIgnorable(tail.slice(0, endTag)) &&
      tail.slice(endTag + 2 + rootName.length, close).trim() === '' &&
      isIgnorable(tail.slice(close + 1));
  }

  /**
   * True when a child has the same name as one of `keys`: an attribute's key (an attribute prefix
   * of '') or the text node's name, which fast-xml-parser merges with the child's values.
   */
  collidesWith(keys: readonly string[]): boolean {
    return keys.some((key) => this.groups.has(key));
  }

  /**
   * Writes the document: `head` is fast-xml-parser's value for the prolog and an empty root
   * (the prolog's processing instructions, and the root's attributes, or "" for none).
   */
  async writeTo(
    output: AtomicFile,
    head: Record<string, unknown>,
    rootName: string,
  ): Promise<void> {
    const entries = Object.entries(head).map(([key, value]) => {
      const json = JSON.stringify(key);
      return key === rootName
        ? { root: true, json }
        : { root: false, json: `${json}:${JSON.stringify(value)}` };
    });
    const attributes = head[rootName];
    await output.write('{');
    for (const [i, entry] of entries.entries()) {
      if (i > 0) await output.write(',');
      if (!entry.root) {
        await output.write(entry.json);
        continue;
      }
      if (this.groups.size === 0) {
        // A root without children is its value in the head: "" or its attributes.
        await output.write(`${entry.json}:${JSON.stringify(attributes)}`);
        continue;
      }
      await output.write(`${entry.json}:{`);
      let first = true;
      for (const [name, group] of this.groups) {
        if (!first) await output.write(',');
        first = false;
        const array = group.count > 1 || this.isArrayChild(name);
        await output.write(`${JSON.stringify(name)}:${array ? '[' : ''}`);
        await this.copyValues(group.runs, output);
        if (array) await output.write(']');
      }
      if (typeof attributes === 'object' && attributes !== null) {
        const json = JSON.stringify(attributes).slice(1, -1);
        if (json !== '') await output.write(`${first ? '' : ','}${json}`);
      }
      await output.write('}');
    }
    await output.write('}');
  }

  /** Copies a group's values to the output, comma-separated (each was spooled with a comma). */
  private async copyValues(runs: readonly Spooled[], output: AtomicFile): Promise<void> {
    const buffer = Buffer.allocUnsafe(COPY_BYTES);
    for (const [i, run] of runs.entries()) {
      // The last value's comma is not copied.
      const end = run.offset + run.length - (i === runs.length - 1 ? 1 : 0);
      for (let at = run.offset; at < end; ) {
        const { bytesRead } = await this.scratch.read(
          buffer,
          0,
          Math.min(COPY_BYTES, end - at),
          at,
        );
        if (bytesRead === 0) throw new Error('the scratch file ended early');
        await output.writeBytes(buffer.subarray(0, bytesRead));
        at += bytesRead;
      }
    }
  }

  /** Removes the scratch file. */
  async dispose(): Promise<void> {
    await this.scratch.close().catch(() => undefined);
    await rm(this.scratchPath, { force: true });
  }
}
