/**
 * Issue 10, item 7: a file that changes between planning and reading, or while it is read, fails
 * as `changed` instead of getting a verdict on bytes that no longer exist. The changes are made
 * at set points, never raced: before the task starts, or from the task's progress callback,
 * which a task calls between two reads.
 */
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS, type TaskName } from '../../shared/tasks';
import { stampAt } from '../fs/file-stamp';
import { convertFile } from './convert';
import { READ_CHUNK_BYTES } from './read-file';
import { statsFile } from './stats';
import type { FileRef, TaskContext } from './types';
import { validateFile } from './validate';

const dir = mkdtempSync(path.join(tmpdir(), 'xmlpool-changed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the file and plans it: its size and modification time now. */
async function planned(name: string, content: string): Promise<FileRef> {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  const stamp = await stampAt(file);
  return { path: file, ...stamp, index: 0, relative: name };
}

function context(
  task: TaskName,
  onProgress: () => void = () => undefined,
  outputDir = dir,
): TaskContext {
  return {
    options: { ...DEFAULT_JOB_OPTIONS, task, workers: 1 },
    signal: new AbortController().signal,
    progress: onProgress,
    workerId: 1,
    outputDir,
  };
}

/** Runs `action` the first time it is called. */
function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}

function records(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => `<r><id>${i}</id></r>`);
  return `<rows>${rows.join('\n')}</rows>`;
}

describe('a file that changes', () => {
  it('between planning and reading fails as changed, with the sizes', async () => {
    const file = await planned('grown.xml', '<a><b/></a>');
    appendFileSync(file.path, '<!-- more -->');
    const result = await validateFile(file, context('validate'));
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      {
        kind: 'changed',
        line: null,
        column: null,
        offset: null,
        message: 'the file changed after the job was planned: 11 bytes then, 24 bytes now',
      },
    ]);
  });

  it('while stats reads it fails as changed', async () => {
    const file = await planned('appended.xml', records(100));
    const result = await statsFile(
      file,
      context(
        'stats',
        once(() => appendFileSync(file.path, '\n<!-- appended -->')),
      ),
    );
    expect(result.errors[0]).toMatchObject({
      kind: 'changed',
      message: `the file changed while it was read: ${file.size.toLocaleString('en-US')} bytes → ${(file.size + 18).toLocaleString('en-US')} bytes`,
    });
  });

  it('cut short while it is read fails as changed, not with the syntax error the cut makes', async () => {
    // Two reads' worth; after the first, the file is cut in the middle of an element.
    const file = await planned('cut.xml', records(Math.ceil((2 * READ_CHUNK_BYTES) / 18)));
    const result = await validateFile(
      file,
      context(
        'validate',
        once(() => truncateSync(file.path, READ_CHUNK_BYTES + 100_003)),
      ),
    );
    expect(result.errors[0]).toMatchObject({ kind: 'changed' });
    expect(result.errors[0]?.message).toMatch(/^the file changed while it was read: /);
  });

  it.each([
    ['JSON', Number.MAX_SAFE_INTEGER],
    ['NDJSON', 0],
  ])('while convert reads it fails as changed and writes no %s output', async (_, limit) => {
    const out = mkdtempSync(path.join(dir, 'out-'));
    const file = await planned(`convert-${limit}.xml`, records(200));
    const ctx = context(
      'convert',
      once(() => appendFileSync(file.path, '\n')),
      out,
    );
    ctx.options = {
      ...ctx.options,
      convert: { ...ctx.options.convert, wholeDocumentLimitBytes: limit },
    };
    const result = await convertFile(file, ctx);
    expect(result.errors[0]).toMatchObject({ kind: 'changed' });
    expect(result.convert).toBeUndefined();
    expect(readdirSync(out)).toEqual([]);
  });

  it('does not fail when it is as planned', async () => {
    const file = await planned('steady.xml', records(10));
    expect((await statsFile(file, context('stats'))).ok).toBe(true);
  });
});
