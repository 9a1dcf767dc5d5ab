/**
 * Streams a file (or a byte range of it) through a callback in ~1 MiB chunks, reusing one buffer,
 * so any file size runs in flat memory. Refuses anything but a regular file: a FIFO would block,
 * and a directory cannot be read.
 */
import { type BigIntStats, closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fsPath } from '../fs/escaped-path';
import { type PlannedStamp, ReadWatch } from '../fs/file-stamp';

export const READ_CHUNK_BYTES = 1024 * 1024;
/** How much a scan reads between two turns of the event loop (cancel messages arrive there). */
export const YIELD_EVERY_BYTES = 4 * READ_CHUNK_BYTES;

/**
 * Read buffers of READ_CHUNK_BYTES free for the next read. A fresh buffer per file cost more CPU
 * than scanning it (~2 ms per MiB on the benchmark machine: new pages faulted in and zeroed),
 * so buffers are reused across files; concurrent reads each take their own.
 */
const freeBuffers: Uint8Array[] = [];
const MAX_FREE_BUFFERS = 4;

/** A READ_CHUNK_BYTES buffer for a read loop; give it back with releaseReadBuffer when done. */
export function takeReadBuffer(): Uint8Array {
  return freeBuffers.pop() ?? new Uint8Array(READ_CHUNK_BYTES);
}

export function releaseReadBuffer(buffer: Uint8Array): void {
  if (buffer.length === READ_CHUNK_BYTES && freeBuffers.length < MAX_FREE_BUFFERS) {
    freeBuffers.push(buffer);
  }
}

/** One turn of the event loop, so that cancel (abort) messages get through a long scan. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FileReadError extends Error {
  override name = 'FileReadError';
}

export class ReadAbortedError extends Error {
  override name = 'ReadAbortedError';
}

export interface ReadOptions {
  /** First byte to read (default 0). */
  start?: number;
  /** End of the range, exclusive (default: end of file). */
  end?: number;
  signal?: AbortSignal;
  /** The file's stamp when the job was planned: a file that differs fails as changed. */
  planned?: PlannedStamp;
}

/**
 * Calls `onChunk` with each chunk (valid only during the call) and the bytes read so far.
 * Resolves with the file size. Rejects with FileReadError for a missing, unreadable or
 * non-regular path, ReadAbortedError when the signal aborts, FileChangedError when the file is
 * not as planned or changed during the read (also when onChunk threw meanwhile: a file being
 * written fails to parse), or else whatever onChunk throws.
 */
export async function readFileChunks(
  path: string,
  onChunk: (chunk: Uint8Array, bytesDone: number) => void,
  options: ReadOptions = {},
): Promise<number> {
  // Synchronous reads on purpose: tasks run in a worker dedicated to them, and an async read
  // hops through libuv's thread pool, which every worker thread of the process shares and which
  // competes for the same cores. The scan yields to the event loop every few chunks so that
  // cancel messages still get through.
  const fd = openRegularFile(path);
  let buffer: Uint8Array | null = null;
  try {
    const watch = new ReadWatch(fd.fd, options.planned, fd.stats);
    const size = watch.before.size;
    buffer = takeReadBuffer();
    await readLoop(fd.fd, buffer, size, onChunk, options, watch);
    return size;
  } finally {
    closeSync(fd.fd);
    if (buffer !== null) releaseReadBuffer(buffer);
  }
}

/**
 * Opens `path` for reading, refusing anything but a regular file. Non-blocking, so that opening
 * a FIFO does not wait for a writer (O_NONBLOCK changes nothing for a regular file's reads), and
 * checked with the fstat the file's stamp needs anyway: a stat of the path first cost one more
 * system call per file.
 */
function openRegularFile(path: string): { fd: number; stats: BigIntStats } {
  let fd: number;
  try {
    fd = openSync(fsPath(path), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new FileReadError(error instanceof Error ? error.message : String(error));
  }
  try {
    const stats = fstatSync(fd, { bigint: true });
    if (!stats.isFile()) {
      throw new FileReadError(
        `${path}: ${stats.isDirectory() ? 'is a directory' : 'is not a regular file'}, not an XML file`,
      );
    }
    return { fd, stats };
  } catch (error) {
    closeSync(fd);
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(error instanceof Error ? error.message : String(error));
  }
}

async function readLoop(
  fd: number,
  buffer: Uint8Array,
  size: number,
  onChunk: (chunk: Uint8Array, bytesDone: number) => void,
  options: ReadOptions,
  watch: ReadWatch,
): Promise<void> {
  try {
    let position = options.start ?? 0;
    const end = Math.min(options.end ?? Number.POSITIVE_INFINITY, size);
    let done = 0;
    let sinceYield = 0;
    while (position < end) {
      if (sinceYield >= YIELD_EVERY_BYTES) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
      if (options.signal?.aborted) throw new ReadAbortedError('cancelled');
      const want = Math.min(buffer.length, end - position);
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, buffer, 0, want, position);
      } catch (error) {
        throw new FileReadError(error instanceof Error ? error.message : String(error));
      }
      if (bytesRead === 0) break;
      position += bytesRead;
      done += bytesRead;
      sinceYield += bytesRead;
      onChunk(buffer.subarray(0, bytesRead), done);
    }
  } catch (error) {
    if (error instanceof ReadAbortedError) throw error;
    throw watch.change() ?? error;
  }
  const change = watch.change();
  if (change) throw change;
}
