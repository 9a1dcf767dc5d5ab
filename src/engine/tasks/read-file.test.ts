import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileReadError, READ_CHUNK_BYTES, readFileChunks } from './read-file';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-read-file-test-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('readFileChunks', () => {
  it('refuses a FIFO without opening it (opening one would block until a writer comes)', async () => {
    const fifo = join(dir, 'pipe.xml');
    execFileSync('mkfifo', [fifo]);
    await expect(readFileChunks(fifo, () => undefined)).rejects.toThrow(FileReadError);
    await expect(readFileChunks(fifo, () => undefined)).rejects.toThrow(/not a regular file/);
  });

  it('refuses a directory and a missing path', async () => {
    await expect(readFileChunks(dir, () => undefined)).rejects.toThrow(/is a directory/);
    await expect(readFileChunks(join(dir, 'nope.xml'), () => undefined)).rejects.toThrow(
      FileReadError,
    );
  });

  it('ends cleanly, with the bytes that were there, when the file shrinks while it is read', async () => {
    const path = join(dir, 'shrinking.xml');
    writeFileSync(path, Buffer.alloc(3 * READ_CHUNK_BYTES, 0x61));
    let seen = 0;
    let chunks = 0;
    await readFileChunks(path, (chunk) => {
      seen += chunk.length;
      chunks += 1;
      if (chunks === 1) truncateSync(path, READ_CHUNK_BYTES + 10);
    });
    expect(seen).toBe(READ_CHUNK_BYTES + 10);
  });
});
