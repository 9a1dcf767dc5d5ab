/**
 * Runs the fast path: one scan of the file (or of a split file's chunk) whose events build the
 * JSON directly (json-from-events.ts), instead of a scan for well-formedness followed by
 * fast-xml-parser on the bytes read again. A shape the builder does not cover stops the scan
 * early and returns `unsupported`; nothing it wrote is kept, and the caller converts with
 * fast-xml-parser as before.
 */
import type { ConvertOptions } from '../../../shared/tasks';
import type { AtomicFile } from '../../fs/atomic-file';
import { type RangeScan, type RangeScanRequest, scanRange } from '../../split/scanner-port';
import { JsonFromEvents } from './json-from-events';

export type EventsScanRequest = Omit<
  RangeScanRequest,
  'onRecord' | 'events' | 'afterChunk' | 'collectStats'
>;

export type FromEvents<T> =
  | { unsupported: string }
  | { unsupported: null; scan: RangeScan; value: T };

/**
 * Scans with `builder` taking the events; `afterChunk` drains what it built. `refused` names a
 * shape the caller itself does not cover (besides the builder's own).
 */
export async function scanInto(
  request: EventsScanRequest,
  builder: JsonFromEvents,
  afterChunk: () => Promise<void>,
  refused: () => string | null = () => null,
): Promise<RangeScan | { unsupported: string }> {
  const refusal = new AbortController();
  const unsupported = () => builder.unsupported ?? refused();
  const scan = await scanRange({
    ...request,
    collectStats: false,
    onRecord: null,
    // A refusal stops the scan: fast-xml-parser's path scans the file again anyway.
    signal: AbortSignal.any([request.signal, refusal.signal]),
    events: () => builder,
    afterChunk: async () => {
      if (unsupported() !== null) refusal.abort();
      else await afterChunk();
    },
  });
  const reason = unsupported();
  return reason === null ? scan : { unsupported: reason };
}

/** A whole document's JSON text, or why the fast path can't give it. */
export async function documentFromEvents(
  request: EventsScanRequest,
  options: ConvertOptions,
): Promise<FromEvents<string | null>> {
  const builder = new JsonFromEvents({ options, mode: 'document', rootName: '' });
  const scan = await scanInto(request, builder, async () => undefined);
  if ('unsupported' in scan) return scan;
  return { unsupported: null, scan, value: builder.document };
}

export interface RecordLines {
  /** Lines written. */
  lines: number;
  /** Records written, by element name. */
  named: Map<string, number>;
}

/**
 * NDJSON lines for the records of a document or chunk, written to `output` as the scan goes
 * (see ndjson-records.ts for the lines fast-xml-parser's path writes: the same ones). When this
 * returns unsupported, `output` holds a partial conversion the caller must discard.
 */
export async function recordsFromEvents(
  request: EventsScanRequest,
  options: ConvertOptions,
  rootName: string,
  output: AtomicFile,
): Promise<FromEvents<RecordLines>> {
  const counts: RecordLines = { lines: 0, named: new Map() };
  const lines = new LineBuffer(output);
  const line = (text: string) => {
    lines.add(text);
    counts.lines++;
  };
  const alwaysArray = new Set(options.alwaysArray);
  const builder = new JsonFromEvents({
    options,
    mode: 'children',
    rootName,
    startsInRoot: request.root !== null,
    // The lines ndjson-records.ts writes for the same document.
    children: {
      root(name, key, attributes) {
        // Only a root with attributes has a line.
        if (attributes === '') return;
        const value = `{${attributes}}`;
        line(`{${key}:${alwaysArray.has(name) ? `[${value}]` : value}}`);
      },
      child(name, key, value, array) {
        line(`{${key}:${array ? `[${value}]` : value}}`);
        counts.named.set(name, (counts.named.get(name) ?? 0) + 1);
      },
      instruction: (key, value) => line(`{${key}:${value}}`),
    },
  });
  const scan = await scanInto(request, builder, () => lines.drain());
  if ('unsupported' in scan) return scan;
  if (scan.error === null) await lines.drain();
  return { unsupported: null, scan, value: counts };
}

const LINE_BUFFER_BYTES = 1024 * 1024;

/**
 * Lines encoded as UTF-8 straight into one reused buffer as they come, instead of joined into
 * ever bigger strings first: each line's text (a rope of many pieces) is walked once.
 */
class LineBuffer {
  private buffer = Buffer.allocUnsafe(LINE_BUFFER_BYTES);
  private used = 0;
  /** Buffers filled while a scan step ran, waiting for drain(). */
  private full: Buffer[] = [];

  constructor(private readonly output: AtomicFile) {}

  add(line: string): void {
    // A UTF-16 unit takes at most 3 bytes of UTF-8; the newline one more.
    const most = line.length * 3 + 1;
    if (this.used + most > this.buffer.length) {
      if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(Math.max(LINE_BUFFER_BYTES, most));
      this.used = 0;
    }
    this.used += this.buffer.write(line, this.used);
    this.buffer[this.used++] = 0x0a;
  }

  async drain(): Promise<void> {
    for (const bytes of this.full.splice(0)) await this.output.writeBytes(bytes);
    if (this.used === 0) return;
    // Written before it is reused: writeBytes has the bytes on disk when it resolves.
    await this.output.writeBytes(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}
