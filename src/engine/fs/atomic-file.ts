/**
 * Every file the engine writes appears whole or not at all: the data goes to a temp file in the
 * destination's folder (so the rename cannot cross file systems), which is renamed over the
 * destination only when complete. Readers never see half a file; a failure leaves the
 * destination as it was and removes the temp file; a crash may leave it, named so that it can
 * be cleaned up (temp-files.ts). Writes are buffered to keep system calls few, and every write
 * is checked: write(2) may write less than it was given (a nearly full disk writes what fits,
 * then fails on the next call), so each one loops until all its bytes are written or it fails.
 * Convert outputs and exports write through this module.
 *
 * A destination that is a device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written
 * in place instead: a rename would replace the node itself with a regular file (as root, /dev/null
 * would be gone), and "whole or not at all" means nothing for a stream.
 */
import { statSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tempPathBeside } from './temp-files';

const FLUSH_BYTES = 1024 * 1024;

/** Writing a file failed; the message names the file and the system's reason (its errno). */
export class OutputWriteError extends Error {
  override name = 'OutputWriteError';

  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`could not write ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** The part of a FileHandle that writeAll needs. */
export type WriteTarget = Pick<FileHandle, 'write'>;

/**
 * Writes all of `bytes` at the handle's current position, looping over short writes. Rejects
 * with the system's error (ENOSPC, EFBIG, EIO...) or when a write makes no progress at all.
 */
export async function writeAll(handle: WriteTarget, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, null);
    if (!(bytesWritten > 0)) {
      throw new Error(`write stopped after ${done} of ${bytes.length} bytes`);
    }
    done += bytesWritten;
  }
}

/** writeAll, with a failure wrapped as an OutputWriteError for `path`. */
export async function writeAllTo(
  handle: WriteTarget,
  bytes: Uint8Array,
  path: string,
): Promise<void> {
  try {
    await writeAll(handle, bytes);
  } catch (error) {
    throw new OutputWriteError(path, error);
  }
}

export interface AtomicFileOptions {
  /** Create the destination's missing folders first (default true). */
  makeFolders?: boolean;
}

export interface CommitOptions {
  /**
   * Flush the data and the rename to disk before returning (fsync of the file and its folder).
   * Reports and exports ask for it; per-file convert outputs skip it, as it costs throughput.
   */
  durable?: boolean;
}

export class AtomicFile {
  private pending: string[] = [];
  private pendingLength = 0;
  bytesWritten = 0;

  private constructor(
    readonly path: string,
    /** Null when the destination is a device or a pipe, written in place. */
    readonly tempPath: string | null,
    private readonly handle: FileHandle,
  ) {}

  /** Rejects with an OutputWriteError when the temp file cannot be made. */
  static async create(path: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    try {
      if (options.makeFolders ?? true) await mkdir(dirname(path), { recursive: true });
      if (isStream(path)) return new AtomicFile(path, null, await open(path, 'w'));
      const tempPath = tempPathBeside(path);
      const handle = await open(tempPath, 'wx');
      return new AtomicFile(path, tempPath, handle);
    } catch (error) {
      throw new OutputWriteError(path, error);
    }
  }

  /** Buffers `text`; rejects with an OutputWriteError when a flush fails. */
  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_BYTES) await this.flush();
  }

  /** Writes `bytes` (after what is buffered); rejects with an OutputWriteError. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    await writeAllTo(this.handle, bytes, this.path);
    this.bytesWritten += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    await writeAllTo(this.handle, bytes, this.path);
    this.bytesWritten += bytes.length;
  }

  /**
   * Makes the file visible under its final name. On any failure (the last flush, fsync, close,
   * rename) the temp file is removed and an OutputWriteError rejects: the destination is as it
   * was.
   */
  async commit(options: CommitOptions = {}): Promise<void> {
    const durable = (options.durable ?? false) && this.tempPath !== null;
    try {
      await this.flush();
      if (durable) await this.handle.sync();
      await this.handle.close();
      if (this.tempPath !== null) await rename(this.tempPath, this.path);
    } catch (error) {
      await this.discard();
      throw error instanceof OutputWriteError ? error : new OutputWriteError(this.path, error);
    }
    if (durable) await syncFolder(dirname(this.path));
  }

  /** Drops everything written; the destination is left as it was (a stream keeps what it got). */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    if (this.tempPath !== null) await rm(this.tempPath, { force: true });
  }
}

/**
 * A character or block device, a FIFO or a socket: anything but a file, a folder or nothing.
 * Synchronous and without an exception for a missing path (the common case): every convert
 * output passes here, and an awaited stat that throws ENOENT costs ~45 µs against ~3.
 */
function isStream(path: string): boolean {
  const info = statSync(path, { throwIfNoEntry: false });
  return info !== undefined && !info.isFile() && !info.isDirectory();
}

export type AtomicData =
  | string
  | Uint8Array
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>;

/** Writes a whole file durably; the destination's folder must exist. */
export async function writeFileAtomic(path: string, data: AtomicData): Promise<void> {
  const file = await AtomicFile.create(path, { makeFolders: false });
  try {
    if (typeof data === 'string') await file.write(data);
    else if (data instanceof Uint8Array) await file.writeBytes(data);
    else {
      for await (const piece of data) {
        if (typeof piece === 'string') await file.write(piece);
        else await file.writeBytes(piece);
      }
    }
    await file.commit({ durable: true });
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/** Makes the rename itself durable. Not every platform can open a folder; that is not an error. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot fsync a folder; the rename is still atomic there.
  }
}
