import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileChangedError, stampAt } from '../fs/file-stamp';
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

  it('fails as changed, having read the bytes that were there, when the file shrinks while it is read', async () => {
    const path = join(dir, 'shrinking.xml');
    writeFileSync(path, Buffer.alloc(3 * READ_CHUNK_BYTES, 0x61));
    let seen = 0;
    let chunks = 0;
    const reading = readFileChunks(path, (chunk) => {
      seen += chunk.length;
      chunks += 1;
      if (chunks === 1) truncateSync(path, READ_CHUNK_BYTES + 10);
    });
    await expect(reading).rejects.toThrow(FileChangedError);
    await expect(reading).rejects.toThrow(
      'the file changed while it was read: 3,145,728 bytes → 1,048,586 bytes',
    );
    expect(seen).toBe(READ_CHUNK_BYTES + 10);
  });

  it('fails as changed when the file differs from the plan, before reading a byte', async () => {
    const path = join(dir, 'planned.xml');
    writeFileSync(path, '<a/>');
    const planned = await stampAt(path);
    writeFileSync(path, '<a></a>');
    let read = 0;
    await expect(
      readFileChunks(path, () => read++, { planned: { size: planned.size } }),
    ).rejects.toThrow('the file changed after the job was planned: 4 bytes then, 7 bytes now');
    // Rewritten with the same size: the modification time tells (set here, not waited for).
    writeFileSync(path, '<b/>');
    utimesSync(path, new Date(), new Date(planned.mtimeMs + 5_000));
    await expect(readFileChunks(path, () => read++, { planned })).rejects.toThrow(
      'the file was modified after the job was planned (its size, 4 bytes, is the same)',
    );
    expect(read).toBe(0);
  });

  it('fails as changed when the file is rewritten in place during the read', async () => {
    const path = join(dir, 'rewritten.xml');
    writeFileSync(path, 'x'.repeat(100));
    const planned = await stampAt(path);
    const reading = readFileChunks(
      path,
      () => {
        writeFileSync(path, 'y'.repeat(100));
        utimesSync(path, new Date(), new Date(planned.mtimeMs + 5_000));
      },
      { planned },
    );
    await expect(reading).rejects.toThrow('the file was modified while it was read');
  });

  it('reads a file that is as planned', async () => {
    const path = join(dir, 'steady.xml');
    writeFileSync(path, '<a/>');
    await expect(
      readFileChunks(path, () => undefined, { planned: await stampAt(path) }),
    ).resolves.toBe(4);
  });
});
