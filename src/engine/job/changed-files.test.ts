/**
 * Issue 10, item 7, on real workers: a file rewritten between planning and reading fails as
 * `changed`, and only that file. The change comes from the worker's test-only fault hook
 * (XMLPOOL_TEST_FAULTS=1: a file named `__grow__` gets a comment appended just before the
 * worker reads it), so it always falls between the plan and the read.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { type Backend, DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import { expandInputs } from '../input/expand';
import { createXmlPoolService } from '../service/xml-pool-service';
import { startJob } from './index';

const workerScript = inject('workerScript');
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-changed-job-'));
});
afterEach(() => {
  delete process.env.XMLPOOL_TEST_FAULTS;
  rmSync(dir, { recursive: true, force: true });
});

function put(name: string, content: string): string {
  const path = join(dir, 'in', name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe.each<Backend>(['thread', 'process'])('changed files (%s backend)', (backend) => {
  it('fails a file rewritten between planning and reading as changed; the others are ok', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const files = [put('a.xml', '<a/>'), put('b__grow__.xml', '<b/>'), put('c.xml', '<c/>')];
    const job = startJob(
      await expandInputs(files),
      { ...DEFAULT_JOB_OPTIONS, task: 'stats', workers: 2, backend },
      { workerScript, tempRoot: dir },
      {},
    );
    const summary = await job.done;
    const results: FileResult[] = [];
    for await (const result of summary.results()) results.push(result);
    await summary.dispose();
    expect(results.map((r) => [r.relative, r.ok, r.errors[0]?.kind ?? null])).toEqual([
      ['a.xml', true, null],
      ['b__grow__.xml', false, 'changed'],
      ['c.xml', true, null],
    ]);
    expect(results[1]?.errors[0]?.message).toBe(
      'the file changed after the job was planned: 4 bytes then, 19 bytes now',
    );
  });
});

describe('the service plans a job when it starts', () => {
  it('so a file edited after it was added, before the job, is not changed', async () => {
    const file = put('edited.xml', '<a/>');
    const service = createXmlPoolService({
      workerScript,
      tempRoot: join(dir, 'temp'),
      mode: 'browser',
      cores: 2,
    });
    try {
      await service.addPaths([file]);
      appendFileSync(file, '<!-- edited -->');
      const finished = new Promise<void>((resolve) => {
        service.onProgress((progress) => {
          if (progress.state === 'done') resolve();
        });
      });
      await service.startJob({ ...DEFAULT_JOB_OPTIONS, workers: 1 });
      await finished;
      const [result] = await service.getResults();
      expect(result).toMatchObject({ ok: true, bytes: 19, errors: [] });
    } finally {
      await service.dispose();
    }
  });
});
