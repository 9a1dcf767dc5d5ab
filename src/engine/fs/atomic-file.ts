/**
 * Every file the engine writes appears whole or not at all: the data goes to a temp file in the
 * destination's folder (so the rename cannot cross file systems), which is renamed over the
 * destination only when complete. Readers never see half a file; a failure or a crash leaves the
 * destination as it was and at most a stray temp file. Writes are buffered to keep system calls
 * few. Convert outputs and exports both write through this one module.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const FLUSH_BYTES = 1024 * 1024;

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

function tempPathBeside(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

export class AtomicFile {
  private pending: string[] = [];
  private pendingLength = 0;
  bytesWritten = 0;

  private constructor(
    readonly path: string,
    readonly tempPath: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
    if (options.makeFolders ?? true) await mkdir(dirname(path), { recursive: true });
    const tempPath = tempPathBeside(path);
    const handle = await open(tempPath, 'wx');
    return new AtomicFile(path, tempPath, handle);
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_BYTES) await this.flush();
  }

  async writeBytes(bytes: Uint8Array): Promise<void> {
    await this.flush();
    await this.handle.write(bytes);
    this.bytesWritten += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    await this.handle.write(bytes);
    this.bytesWritten += bytes.length;
  }

  /** Makes the file visible under its final name. */
  async commit(options: CommitOptions = {}): Promise<void> {
    await this.flush();
    if (options.durable) await this.handle.sync();
    await this.handle.close();
    await rename(this.tempPath, this.path);
    if (options.durable) await syncFolder(dirname(this.path));
  }

  /** Drops everything written; the destination is left as it was. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
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
