import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { OutputsExistError } from './existing-outputs';
import { ExportRefusedError, exportOutputs } from './outputs';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-outputs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(path: string, content: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** A convert result for `<dir>/in/<rel>` whose output sits in a temp outputs folder. */
function converted(rel: string, index: number, json: string): FileResult {
  const file = put(join(dir, 'in', rel), '<a/>');
  const output = put(join(dir, 'tmp-outputs', rel.replace(/\.xml$/, '.json')), json);
  return {
    file,
    relative: rel,
    index,
    task: 'convert',
    ok: true,
    bytes: 4,
    elements: 1,
    errorMode: 'first-fatal',
    errors: [],
    encoding: 'UTF-8',
    durationMs: 1,
    workerId: 1,
    attempts: 1,
    convert: { output, format: 'json', records: 1 },
  };
}

function iterable(results: FileResult[]): AsyncIterable<FileResult> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* results;
    },
  };
}

describe('exportOutputs', () => {
  it('copies outputs mirroring the inputs relative paths', async () => {
    const results = [converted('a.xml', 0, '{"a":1}'), converted('2024/b.xml', 1, '{"b":2}')];
    const failed: FileResult = { ...converted('c.xml', 2, '{}'), ok: false, convert: undefined };
    const copied = await exportOutputs(iterable([...results, failed]), join(dir, 'export'));
    expect(copied).toBe(2);
    expect(readFileSync(join(dir, 'export/a.json'), 'utf8')).toBe('{"a":1}');
    expect(readFileSync(join(dir, 'export/2024/b.json'), 'utf8')).toBe('{"b":2}');
    expect(existsSync(join(dir, 'export/c.json'))).toBe(false);
  });

  it('refuses a destination that contains an input, before copying anything', async () => {
    const results = [converted('a.xml', 0, '{"a":1}'), converted('sub/b.xml', 1, '{}')];
    const destination = join(dir, 'in', 'sub');
    await expect(exportOutputs(iterable(results), destination)).rejects.toThrow(ExportRefusedError);
    expect(readFileSync(join(dir, 'in', 'sub', 'b.xml'), 'utf8')).toBe('<a/>');
    expect(existsSync(join(dir, 'in', 'sub', 'a.json'))).toBe(false);
  });

  it('refuses a destination that is a symlink to a folder holding an input', async () => {
    const results = [converted('a.xml', 0, '{"a":1}'), converted('sub/b.xml', 1, '{}')];
    const link = join(dir, 'link-to-sub');
    symlinkSync(join(dir, 'in', 'sub'), link);
    await expect(exportOutputs(iterable(results), link)).rejects.toThrow(ExportRefusedError);
    expect(existsSync(join(dir, 'in', 'sub', 'a.json'))).toBe(false);
  });

  it('allows a destination inside an input folder when no input lies in it', async () => {
    const results = [converted('a.xml', 0, '{"a":1}')];
    expect(await exportOutputs(iterable(results), join(dir, 'in', 'json'))).toBe(1);
    expect(readFileSync(join(dir, 'in', 'json', 'a.json'), 'utf8')).toBe('{"a":1}');
  });

  it('refuses to replace outputs already in the destination unless told to', async () => {
    const results = [converted('a.xml', 0, '{"a":1}'), converted('2024/b.xml', 1, '{"b":2}')];
    const destination = join(dir, 'export');
    put(join(destination, '2024', 'b.json'), 'earlier');
    const refused = exportOutputs(iterable(results), destination);
    await expect(refused).rejects.toThrow(OutputsExistError);
    await expect(refused).rejects.toMatchObject({
      count: 1,
      existing: [join(destination, '2024', 'b.json')],
    });
    // Nothing was copied: not even the output that was in nobody's way.
    expect(existsSync(join(destination, 'a.json'))).toBe(false);
    expect(await exportOutputs(iterable(results), destination, { overwrite: true })).toBe(2);
    expect(readFileSync(join(destination, '2024', 'b.json'), 'utf8')).toBe('{"b":2}');
  });
});
