/**
 * The results of a job, on disk as they complete, read back in input order.
 *
 * Each result is appended to an NDJSON file the moment it arrives, so memory stays flat however
 * many files a job has, and nothing finished is lost if the job is cancelled. Reading back in
 * input order uses an index of byte offsets: 12 bytes per file (a Float64Array of offsets and a
 * Uint32Array of lengths, 1.2 MB for 100,000 files) instead of the results themselves. Reading
 * coalesces records that sit next to each other in the file into one read of up to 1 MiB, which
 * is the common case when files complete roughly in input order, and costs one read per record
 * at worst; an external merge sort would need extra passes and temp files for no gain here.
 */
import { closeSync, createWriteStream, openSync, readSync, type WriteStream } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FileResult } from '../../shared/results';
import { OutputWriteError } from '../fs/atomic-file';
import { isFileResult } from './guard';
import { MAX_RESULT_BYTES, serializeResult } from './result-budget';

const READ_BLOCK_BYTES = 1024 * 1024;
/**
 * Records are handed to the file stream in blocks of about this size, not one by one: a stream
 * write per record cost a system call (and a Buffer) each, ~12 µs of the main thread per tiny
 * file; a block is one write for hundreds of records. A cancelled job still loses nothing:
 * close() writes what is pending.
 */
const WRITE_BLOCK_BYTES = 256 * 1024;

/** A result too large to record (see result-budget.ts); nothing was written for it. */
export class OversizedResultError extends Error {
  constructor(
    readonly index: number,
    readonly bytes: number,
    /** False when `bytes` is a lower bound (the result was never stringified). */
    readonly exact: boolean,
  ) {
    super(`the result of input ${index} takes ${exact ? '' : 'at least '}${bytes} bytes`);
  }
}

export class ResultSpill {
  private readonly offsets: Float64Array;
  private readonly lengths: Uint32Array;
  private readonly stream: WriteStream;
  private written = 0;
  /** Records not yet handed to the stream, and their bytes. */
  private pending: string[] = [];
  private pendingBytes = 0;
  private writeError: OutputWriteError | null = null;
  private closed = false;

  /** `count` is the number of inputs; result indexes are 0..count-1. */
  constructor(
    readonly path: string,
    readonly count: number,
    /** Most bytes of JSON one result may take. */
    readonly maxBytes = MAX_RESULT_BYTES,
  ) {
    this.offsets = new Float64Array(count).fill(-1);
    this.lengths = new Uint32Array(count);
    // 'wx': the spill is always a new file in the job's own temp folder.
    this.stream = createWriteStream(path, { flags: 'wx' });
    this.stream.on('error', (error) => {
      this.writeError = new OutputWriteError(path, error);
    });
  }

  has(index: number): boolean {
    return (this.offsets[index] ?? -1) >= 0;
  }

  /** Bytes of the record of `index` (its JSON and a newline), 0 when it has none. */
  bytesOf(index: number): number {
    return this.has(index) ? (this.lengths[index] ?? 0) : 0;
  }

  /**
   * Appends a result; returns false (and writes nothing) when its index already has one. Throws
   * OversizedResultError, writing nothing, for a result over `maxBytes` of JSON: it is measured
   * before it is stringified, so even a result too big for one string cannot break the spill.
   */
  append(result: FileResult): boolean {
    if (this.closed) throw new Error('result spill is closed');
    if (!Number.isInteger(result.index) || result.index < 0 || result.index >= this.count) {
      throw new RangeError(`result index ${result.index} outside 0..${this.count - 1}`);
    }
    if (this.has(result.index)) return false;
    const serialized = serializeResult(result, this.maxBytes);
    if (!serialized.ok) {
      throw new OversizedResultError(result.index, serialized.bytes, serialized.exact);
    }
    const length = serialized.bytes + 1;
    this.offsets[result.index] = this.written;
    this.lengths[result.index] = length;
    this.written += length;
    this.pending.push(serialized.json, '\n');
    this.pendingBytes += length;
    if (this.pendingBytes >= WRITE_BLOCK_BYTES) this.flush();
    return true;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.stream.write(this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /**
   * Flushes everything to disk; results can be read back afterwards. Rejects with an
   * OutputWriteError when the spill could not be written (a full disk).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((error?: Error | null) =>
        error ? reject(new OutputWriteError(this.path, error)) : resolve(),
      );
    });
    if (this.writeError) throw this.writeError;
  }

  /** Every recorded result in input order. Can be iterated any number of times after close(). */
  inInputOrder(): AsyncIterable<FileResult> {
    return { [Symbol.asyncIterator]: () => this.read() };
  }

  private async *read(): AsyncGenerator<FileResult> {
    if (!this.closed) throw new Error('close the result spill before reading it');
    // Synchronous reads: records come from the page cache, where a readSync costs a few
    // microseconds and an async read (a thread-pool round trip) twenty times that. The event
    // loop gets a turn between blocks, so a long read-back never stalls it.
    const fd = openSync(this.path, 'r');
    try {
      let index = 0;
      let sinceTurn = 0;
      while (index < this.count) {
        const run = this.contiguousRun(index);
        if (run.end === index) {
          index++; // no result recorded for this index
          continue;
        }
        const start = this.offsets[index] ?? 0;
        const block = Buffer.allocUnsafe(run.bytes);
        const bytesRead = readSync(fd, block, 0, run.bytes, start);
        if (bytesRead !== run.bytes) throw new Error(`result spill ${this.path} is truncated`);
        let at = 0;
        for (let i = index; i < run.end; i++) {
          const length = this.lengths[i] ?? 0;
          yield parseRecord(block.subarray(at, at + length - 1), this.path);
          at += length;
        }
        index = run.end;
        sinceTurn += run.bytes;
        if (sinceTurn >= READ_BLOCK_BYTES) {
          sinceTurn = 0;
          await nextTurn();
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Indexes from `index` whose records follow each other in the file, up to a block's worth. */
  private contiguousRun(index: number): { end: number; bytes: number } {
    let end = index;
    let bytes = 0;
    let next = this.offsets[index] ?? -1;
    while (end < this.count && next >= 0 && this.offsets[end] === next) {
      const length = this.lengths[end] ?? 0;
      if (bytes > 0 && bytes + length > READ_BLOCK_BYTES) break;
      bytes += length;
      next += length;
      end++;
    }
    return { end, bytes };
  }
}

function parseRecord(bytes: Buffer, path: string): FileResult {
  const value: unknown = JSON.parse(bytes.toString('utf8'));
  if (!isFileResult(value)) throw new Error(`result spill ${path} holds a malformed record`);
  return value;
}
