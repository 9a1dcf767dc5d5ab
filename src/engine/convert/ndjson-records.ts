/**
 * Converts records into NDJSON lines with bounded memory: record byte ranges come from the
 * scanner, their bytes are read back from the input, and runs of same-name records are converted
 * in batches (record-batch.ts). Each record becomes one line `{"<name>": value}` (under the key
 * fast-xml-parser gives the name, see xml-to-value.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import type { AtomicFile } from '../fs/atomic-file';
import { ensureHeapFor, recordsHeap } from './heap-budget';
import { endsBatch, type RecordRange, readRange } from './record-batch';
import type { XmlConverter } from './xml-to-value';

export class NdjsonRecords {
  records = 0;
  private batch: RecordRange[] = [];
  private batchName = '';

  constructor(
    private readonly input: FileHandle,
    private readonly converter: XmlConverter,
    private readonly output: AtomicFile,
    /** Decodes the input's bytes (records are byte ranges of the source file). */
    private readonly decoder: TextDecoder = new TextDecoder('utf-8'),
  ) {}

  /** Queues the record `name` whose bytes are [start, end) in the input. */
  async add(start: number, end: number, name: string): Promise<void> {
    if (endsBatch(this.batch, this.batchName, name, end)) await this.flush();
    if (this.batch.length === 0) this.batchName = name;
    this.batch.push({ start, end });
  }

  /** Converts and writes the queued records; call once more after the last record. */
  async flush(): Promise<void> {
    const batch = this.batch;
    const first = batch[0];
    const last = batch.at(-1);
    if (!first || !last) return;
    this.batch = [];
    ensureHeapFor(
      recordsHeap(last.end - first.start),
      `converting records of ${last.end - first.start} bytes`,
    );
    const bytes = await readRange(this.input, first.start, last.end);
    const xmls = batch.map((record) =>
      this.decoder.decode(bytes.subarray(record.start - first.start, record.end - first.start)),
    );
    const name = this.batchName;
    const { key, values } = this.converter.records(name, xmls);
    const lines = values.map((value) => JSON.stringify({ [key]: value }));
    await this.output.write(`${lines.join('\n')}\n`);
    this.records += lines.length;
  }
}
