/**
 * Issue 10, item 7, on real workers: a file rewritten between planning and reading fails as
 * `changed`, and only that file. The change comes from the worker's test-only fault hook
 * (XMLPOOL_TEST_FAULTS=1: a file named `__grow__` gets a comment appended just before the
 * worker reads it), so it always falls between the plan and the read.
 */
import { appendFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { type Backend, DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import { expandInputs } from '../input/expand';
import { startJob } from './index';
import { serviceIn, serviceJobResults, testFolderPerTest } from './job-test-support';

const workerScript = inject('workerScript');
const folder = testFolderPerTest('xmlpool-changed-job-');
const put = folder.put;

describe.each<Backend>(['thread', 'process'])('changed files (%s backend)', (backend) => {
  it('fails a file rewritten between planning and reading as changed; the others are ok', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const files = [put('a.xml', '<a/>'), put('b__grow__.xml', '<b/>'), put('c.xml', '<c/>')];
    const job = startJob(
      await expandInputs(files),
      { ...DEFAULT_JOB_OPTIONS, task: 'stats', workers: 2, backend },
      { workerScript, tempRoot: folder.dir },
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
    const service = serviceIn(folder.dir, workerScript);
    try {
      await service.addPaths([file]);
      appendFileSync(file, '<!-- edited -->');
      const [result] = await serviceJobResults(service, { ...DEFAULT_JOB_OPTIONS, workers: 1 });
      expect(result).toMatchObject({ ok: true, bytes: 19, errors: [] });
    } finally {
      await service.dispose();
    }
  });
});
