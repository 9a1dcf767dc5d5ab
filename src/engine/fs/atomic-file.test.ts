import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { type FileHandle, open, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AtomicFile,
  OutputWriteError,
  type WriteTarget,
  writeAll,
  writeFileAtomic,
} from './atomic-file';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a destination that is a device or a pipe', () => {
  it('is written in place: a FIFO stays a FIFO and its reader gets the data', async () => {
    const fifo = join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    // The reader opens the other end, as `xmlpool run -o fifo` with `cat fifo` beside it.
    const read = readFile(fifo, 'utf8');
    await writeFileAtomic(fifo, 'every byte\n');
    expect(await read).toBe('every byte\n');
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.fifo']);
  });

  it('/dev/null takes the data and stays a device', async () => {
    await writeFileAtomic('/dev/null', 'nothing to keep');
    expect((await stat('/dev/null')).isCharacterDevice()).toBe(true);
  });
});

describe('writeFileAtomic', () => {
  it('writes strings, bytes and streams of pieces, replacing the old file', async () => {
    const path = join(dir, 'out.txt');
    await writeFileAtomic(path, 'first');
    await writeFileAtomic(path, new TextEncoder().encode('second'));
    expect(readFileSync(path, 'utf8')).toBe('second');
    async function* pieces(): AsyncGenerator<string> {
      for (let i = 0; i < 10_000; i++) yield `${i}\n`;
    }
    await writeFileAtomic(path, pieces());
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(10_000);
    expect(lines[9_999]).toBe('9999');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('leaves the old file untouched and no temp file when the data fails midway', async () => {
    const path = join(dir, 'report.csv');
    writeFileSync(path, 'old report');
    async function* failing(): AsyncGenerator<string> {
      // More than one write's worth, so part of it really reaches the temp file.
      yield 'x'.repeat(200_000);
      throw new Error('results could not be read');
    }
    await expect(writeFileAtomic(path, failing())).rejects.toThrow('results could not be read');
    expect(readFileSync(path, 'utf8')).toBe('old report');
    expect(readdirSync(dir)).toEqual(['report.csv']);
  });

  it('creates nothing when the destination cannot be written', async () => {
    const path = join(dir, 'no-such-folder', 'out.txt');
    await expect(writeFileAtomic(path, 'data')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('AtomicFile', () => {
  it('shows nothing under the final name until commit, creating missing folders', async () => {
    const path = join(dir, 'a', 'b', 'out.ndjson');
    const file = await AtomicFile.create(path);
    await file.write('{"n":1}\n');
    await file.writeBytes(new TextEncoder().encode('{"n":2}\n'));
    expect(existsSync(path)).toBe(false);
    await file.commit();
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(file.bytesWritten).toBe(16);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.ndjson']);
  });

  it('leaves the destination as it was when discarded', async () => {
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    const file = await AtomicFile.create(path);
    await file.write('new');
    await file.discard();
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});

/**
 * A real file handle whose writes take at most `most` bytes each, as write(2) may on a nearly
 * full disk or a pipe; the bytes it takes really reach the file. What is tested is writeAll's
 * loop, not the handle.
 */
function shortWrites(handle: FileHandle, most: number): WriteTarget & { calls: number } {
  const target = {
    calls: 0,
    write: (async (buffer: Uint8Array, offset = 0, length = buffer.length, position = null) => {
      target.calls++;
      return handle.write(buffer, offset, Math.min(length, most), position);
    }) as WriteTarget['write'],
  };
  return target;
}

describe('writeAll', () => {
  it('loops over short writes until every byte is written', async () => {
    const path = join(dir, 'short.bin');
    const bytes = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));
    const handle = await open(path, 'wx');
    try {
      const target = shortWrites(handle, 999);
      await writeAll(target, bytes);
      expect(target.calls).toBe(11);
    } finally {
      await handle.close();
    }
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('rejects with the system’s error when the device is full (/dev/full: ENOSPC)', async () => {
    const handle = await open('/dev/full', 'w');
    try {
      await expect(writeAll(handle, Buffer.alloc(4096))).rejects.toMatchObject({ code: 'ENOSPC' });
    } finally {
      await handle.close();
    }
  });
});

describe('AtomicFile failures', () => {
  it('a commit that fails removes the temp file and says why', async () => {
    // The destination is a folder that is not empty: the rename fails (EISDIR or ENOTEMPTY).
    const path = join(dir, 'taken');
    mkdirSync(path);
    writeFileSync(join(path, 'inside.txt'), 'keep');
    const file = await AtomicFile.create(path);
    await file.write('data');
    const failure = file.commit();
    await expect(failure).rejects.toBeInstanceOf(OutputWriteError);
    await expect(failure).rejects.toThrow(/^could not write .*taken: E(ISDIR|NOTEMPTY)/);
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(path)).toEqual(['inside.txt']);
  });

  it('a temp file that cannot be made is an OutputWriteError naming the destination', async () => {
    writeFileSync(join(dir, 'file'), '');
    const inside = join(dir, 'file', 'out.json');
    await expect(AtomicFile.create(inside)).rejects.toThrow(
      new RegExp(`^could not write ${inside}: E(EXIST|NOTDIR)`),
    );
  });
});
