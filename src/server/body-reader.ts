/**
 * Reads a request body in pieces of known length as it arrives: a line first, then runs of bytes
 * written straight to files. Only the chunk being split is held in memory, never a whole file.
 */
import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { writeAll } from '../engine/fs/atomic-file';
import { UploadError } from './uploads';

function bodyTooShort(): UploadError {
  return new UploadError(400, 'body is shorter than Content-Length');
}

export class BodyReader {
  private readonly chunks: AsyncIterator<unknown>;
  /** Received but not yet handed on. */
  private pending: Buffer = Buffer.alloc(0);

  constructor(request: IncomingMessage) {
    this.chunks = request[Symbol.asyncIterator]();
  }

  /** Makes `pending` non-empty; false at the end of the body. */
  private async fill(): Promise<boolean> {
    while (this.pending.length === 0) {
      const next = await this.chunks.next();
      if (next.done === true) return false;
      const chunk: unknown = next.value;
      this.pending = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    }
    return true;
  }

  /** The bytes before the next `\n` (consumed too); fails when the line, `\n` included, is longer than `maxBytes`. */
  async readLine(maxBytes: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    for (;;) {
      if (!(await this.fill())) throw bodyTooShort();
      const newline = this.pending.indexOf(0x0a);
      const end = newline < 0 ? this.pending.length : newline;
      size += newline < 0 ? end : end + 1;
      if (size > maxBytes) throw new UploadError(400, `the header line is over ${maxBytes} bytes`);
      parts.push(this.pending.subarray(0, end));
      this.pending = this.pending.subarray(newline < 0 ? end : end + 1);
      if (newline >= 0) return Buffer.concat(parts);
    }
  }

  /** Writes the next `count` bytes of the body to `file`, as they arrive. */
  async copyTo(file: FileHandle, count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      if (!(await this.fill())) throw bodyTooShort();
      const piece = this.pending.subarray(0, Math.min(left, this.pending.length));
      this.pending = this.pending.subarray(piece.length);
      left -= piece.length;
      await writeAll(file, piece);
    }
  }

  /** Fails when anything is left of the body. */
  async expectEnd(): Promise<void> {
    if (await this.fill()) throw new UploadError(400, 'body is longer than declared');
  }
}
