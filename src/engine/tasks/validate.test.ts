/** The validate task on real files in a temp folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ByteRange } from '../../shared/progress';
import { DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import type { FileRef, TaskContext } from './types';
import { validateFile } from './validate';

const dir = mkdtempSync(path.join(tmpdir(), 'xmlpool-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fileRef(name: string, content?: string | Uint8Array, index = 0): FileRef {
  const file = path.join(dir, name);
  if (content !== undefined) writeFileSync(file, content);
  const size = typeof content === 'string' ? Buffer.byteLength(content) : (content?.length ?? 0);
  return { path: file, size, index, relative: name };
}

function context(
  progress: [string, ByteRange, number][] = [],
  signal = new AbortController().signal,
): TaskContext {
  return {
    options: { ...DEFAULT_JOB_OPTIONS, workers: 1 },
    signal,
    progress: (file, range, done) => progress.push([file, range, done]),
    workerId: 3,
    outputDir: dir,
  };
}

describe('validateFile', () => {
  it('accepts a well-formed file and reports bytes, elements, encoding and progress', async () => {
    const progress: [string, ByteRange, number][] = [];
    const doc = '<?xml version="1.0"?>\n<r><a/><b>t</b></r>\n';
    const file = fileRef('ok.xml', doc, 4);
    const result = await validateFile(file, context(progress));
    expect(result).toMatchObject({
      file: file.path,
      index: 4,
      task: 'validate',
      ok: true,
      bytes: doc.length,
      elements: 3,
      errorMode: 'first-fatal',
      errors: [],
      encoding: 'UTF-8',
      workerId: 3,
      attempts: 1,
    });
    expect(progress.at(-1)).toEqual([file.path, { start: 0, end: doc.length }, doc.length]);
  });

  it('reports the first fatal error with line, column and offset', async () => {
    const result = await validateFile(fileRef('bad.xml', '<r>\n  <item>\n</itme></r>'), context());
    expect(result.ok).toBe(false);
    expect(result.elements).toBe(2);
    expect(result.errors).toEqual([
      {
        kind: 'syntax',
        line: 3,
        column: 1,
        offset: 13,
        message: '</itme> does not close <item> opened at 2:3',
      },
    ]);
  });

  it('streams files bigger than one read chunk', async () => {
    const doc = `<r>${'<row a="1">text é</row>'.repeat(100_000)}</r>`;
    const result = await validateFile(fileRef('big.xml', doc), context());
    expect(result).toMatchObject({ ok: true, elements: 100_001, bytes: Buffer.byteLength(doc) });
  });

  it('a missing file is an io error, not a throw', async () => {
    const result = await validateFile(fileRef('missing.xml'), context());
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ kind: 'io', line: null, column: null, offset: null });
    expect(result.errors[0]?.message).toMatch(/no such file or directory/);
  });

  it('a directory is an io error', async () => {
    mkdirSync(path.join(dir, 'folder.xml'));
    const result = await validateFile(fileRef('folder.xml'), context());
    expect(result.errors[0]).toMatchObject({ kind: 'io' });
    expect(result.errors[0]?.message).toMatch(/is a directory/);
  });

  it('binary bytes named .xml get an encoding error', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const result = await validateFile(fileRef('image.xml', png), context());
    expect(result.errors[0]).toMatchObject({ kind: 'encoding', line: 1, column: 1, offset: 0 });
  });

  it('stops when the job is cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    const result = await validateFile(fileRef('cancel.xml', '<r/>'), context([], abort.signal));
    expect(result.errors[0]).toMatchObject({ kind: 'cancelled' });
  });
});
