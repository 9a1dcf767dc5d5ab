/**
 * A file written atomically: everything goes to a temp file in the destination's folder, which
 * is renamed over the destination only when complete, so readers never see half a file and a
 * crash leaves at most a stray temp file. Writes are buffered to keep system calls few.
 */
import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const FLUSH_BYTES = 1024 * 1024;

export function tempPathBeside(path: string): string {
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

  static async create(path: string): Promise<AtomicFile> {
    await mkdir(dirname(path), { recursive: true });
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
  async commit(): Promise<void> {
    await this.flush();
    await this.handle.close();
    await rename(this.tempPath, this.path);
  }

  /** Drops everything written; the destination is left as it was. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }
}
