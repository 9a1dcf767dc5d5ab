/**
 * Converts records into NDJSON lines with bounded memory: record byte ranges come from the
 * scanner, their bytes are read back from the input, and runs of same-name records are converted
 * in batches (record-batch.ts). Each record, an element directly under the root, becomes one line
 * `{"<name>": value}` (under the key fast-xml-parser gives the name, see xml-to-value.ts).
 *
 * Nothing else is lost either: the bytes between records are read too, and what they hold (the
 * root's attributes, text in the root, processing instructions) becomes lines of its own in
 * document order, as outside-records.ts describes.
 */
import type { FileHandle } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import type { AtomicFile } from '../fs/atomic-file';
import { ensureHeapFor, recordsHeap } from './heap-budget';
import { type DocumentPart, isIgnorable, outsideItems } from './outside-records';
import { endsBatch, type RecordRange, readRange } from './record-batch';
import type { XmlConverter } from './xml-to-value';

export interface NdjsonRecordsOptions {
  input: FileHandle;
  converter: XmlConverter;
  output: AtomicFile;
  /** Decodes the input's bytes (records are byte ranges of the source file). */
  decoder?: TextDecoder;
  /** Where the bytes this writer covers begin: 0 (the document's start) or a record's `<`. */
  from: number;
}

/** True when bytes [start, end) are only XML whitespace (the usual gap between records). */
function blank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}

export class NdjsonRecords {
  /** Lines written: records and the content between them. */
  records = 0;
  private readonly elementCounts = new Map<string, number>();
  private batch: RecordRange[] = [];
  private batchName = '';
  /** End of the bytes converted so far. */
  private lastEnd: number;
  private part: DocumentPart;
  private readonly input: FileHandle;
  private readonly converter: XmlConverter;
  private readonly output: AtomicFile;
  private readonly decoder: TextDecoder;

  constructor(options: NdjsonRecordsOptions) {
    this.input = options.input;
    this.converter = options.converter;
    this.output = options.output;
    this.decoder = options.decoder ?? new TextDecoder('utf-8');
    this.lastEnd = options.from;
    this.part = options.from === 0 ? 'prolog' : 'root';
  }

  /** Records named `name` converted so far. */
  elementsNamed(name: string): number {
    return this.elementCounts.get(name) ?? 0;
  }

  /** Queues the record `name` whose bytes are [start, end) in the input. */
  async add(start: number, end: number, name: string): Promise<void> {
    if (endsBatch(this.batch, this.batchName, name, end)) await this.flush();
    if (this.batch.length === 0) this.batchName = name;
    this.batch.push({ start, end });
  }

  /** Converts and writes the queued records and what lies before them. */
  async flush(): Promise<void> {
    const batch = this.batch;
    const last = batch.at(-1);
    if (!last) return;
    this.batch = [];
    // Read from the end of what was converted, to see the gap before the first record too.
    const from = this.lastEnd;
    ensureHeapFor(recordsHeap(last.end - from), `converting records of ${last.end - from} bytes`);
    const bytes = await readRange(this.input, from, last.end);
    const text = (start: number, end: number) =>
      this.decoder.decode(bytes.subarray(start - from, end - from));
    const lines: string[] = [];
    let run: string[] = [];
    const convertRun = () => {
      if (run.length === 0) return;
      const { key, values } = this.converter.records(this.batchName, run);
      for (const value of values) lines.push(JSON.stringify({ [key]: value }));
      this.elementCounts.set(this.batchName, this.elementsNamed(this.batchName) + values.length);
      run = [];
    };
    let converted = from;
    for (const record of batch) {
      // Elements from one entity reference share the reference's range: converting the
      // reference as content once (in the next gap) gives them all.
      if (record.start < converted) continue;
      const xml = text(record.start, record.end);
      if (xml.charCodeAt(0) !== 0x3c) continue;
      if (!blank(bytes, converted - from, record.start - from)) {
        const gap = text(converted, record.start);
        if (!isIgnorable(gap) || this.part !== 'root') {
          convertRun();
          lines.push(...this.outsideLines(gap));
        }
      }
      run.push(xml);
      converted = record.end;
    }
    convertRun();
    this.lastEnd = converted;
    await this.write(lines);
  }

  /**
   * Converts the last queued records and the content after them, through `to` (the file's end,
   * or where a split file's chunk stops).
   */
  async finish(to: number): Promise<void> {
    await this.flush();
    const bytes = to - this.lastEnd;
    if (bytes <= 0) return;
    ensureHeapFor(recordsHeap(bytes), `converting ${bytes} bytes outside the records`);
    const gap = this.decoder.decode(await readRange(this.input, this.lastEnd, to));
    this.lastEnd = to;
    await this.write(isIgnorable(gap) && this.part === 'root' ? [] : this.outsideLines(gap));
  }

  /** The lines for a gap between records (see outside-records.ts). */
  private outsideLines(gap: string): string[] {
    const { items, part } = outsideItems(gap, this.part);
    this.part = part;
    const lines: string[] = [];
    for (const item of items) {
      if (item.kind === 'root') {
        // A line only for a root with attributes ("" otherwise; [""] as an always-array path).
        const root = this.converter.rootElement(item.prolog, item.closing);
        const bare = Array.isArray(root?.[1]) ? root[1][0] : root?.[1];
        if (root && typeof bare === 'object' && bare !== null) {
          lines.push(JSON.stringify(Object.fromEntries([root])));
        }
        continue;
      }
      if (item.kind === 'content' && isIgnorable(item.xml)) continue;
      for (const member of this.converter.content(item.xml)) {
        lines.push(JSON.stringify(Object.fromEntries([member])));
      }
    }
    return lines;
  }

  private async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.output.write(`${lines.join('\n')}\n`);
    this.records += lines.length;
  }
}
