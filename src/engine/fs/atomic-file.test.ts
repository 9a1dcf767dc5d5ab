import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicFile, writeFileAtomic } from './atomic-file';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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
