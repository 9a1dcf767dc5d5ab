/**
 * Issue 10, item 1: one file whose result would be huge fails (or is capped) alone; every other
 * result is kept and the temp folder is removed. Real workers (the built worker script); the
 * oversized result comes from the worker's test-only fault hook (XMLPOOL_TEST_FAULTS=1: a file
 * named `__huge_result__` makes the worker send ~10 MB of JSON, as a buggy worker would).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { type Backend, DEFAULT_JOB_OPTIONS, type JobOptions } from '../../shared/tasks';
import { expandInputs } from '../input/expand';
import { MAX_MESSAGE_CHARS, MAX_RESULT_BYTES } from '../results/result-budget';
import { type JobSummary, startJob } from './index';
import { serviceIn, serviceJobResults, testFolderPerTest } from './job-test-support';

const workerScript = inject('workerScript');
const folder = testFolderPerTest('xmlpool-bounded-');
const put = folder.put;
beforeEach(() => {
  process.env.XMLPOOL_TEST_FAULTS = '1';
});

function options(overrides: Partial<JobOptions> = {}): JobOptions {
  return { ...DEFAULT_JOB_OPTIONS, task: 'stats', workers: 2, ...overrides };
}

async function all(summary: JobSummary): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for await (const result of summary.results()) results.push(result);
  return results;
}

/** The issue's file: 2,000 nested elements with 500-character names, 2 MB, well-formed. */
function deepLongNames(): string {
  const names = Array.from(
    { length: 2_000 },
    (_, i) => `e${String(i).padStart(4, '0')}${'n'.repeat(495)}`,
  );
  return `${names.map((n) => `<${n}>`).join('')}${names
    .reverse()
    .map((n) => `</${n}>`)
    .join('')}`;
}

/** A syntax error whose message quotes a 1 MB element name. */
function hugeNameError(): string {
  const name = `big${'g'.repeat(1024 * 1024)}`;
  return `<r><${name}></r>`;
}

describe.each<Backend>(['thread', 'process'])('bounded results (%s backend)', (backend) => {
  it('keeps every other result when one file’s result is oversized, and leaves no temp folder', async () => {
    const files = [
      put('a.xml', '<a><b/></a>'),
      put('deep.xml', deepLongNames()),
      put('x__huge_result__.xml', '<x/>'),
      put('named.xml', hugeNameError()),
      put('z.xml', '<z/>'),
    ];
    const inputs = await expandInputs(files);
    const seen: { index: number; jsonBytes: number }[] = [];
    const job = startJob(
      inputs,
      options({ backend }),
      { workerScript, tempRoot: folder.dir },
      { onResult: (result, jsonBytes) => seen.push({ index: result.index, jsonBytes }) },
    );
    const summary = await job.done;
    const results = await all(summary);
    expect(results.map((r) => [r.relative, r.ok])).toEqual([
      ['a.xml', true],
      ['deep.xml', true],
      ['x__huge_result__.xml', false],
      ['named.xml', false],
      ['z.xml', true],
    ]);
    const [, deep, huge, named] = results;
    expect(deep?.stats).toMatchObject({ elements: 2_000, maxDepth: 2_000, pathsTruncated: true });
    expect(deep?.warnings?.map((w) => w.code)).toEqual(['paths-truncated']);
    expect(huge?.errors).toHaveLength(1);
    expect(huge?.errors[0]).toMatchObject({ kind: 'limit', line: null });
    expect(huge?.errors[0]?.message).toMatch(/too large to keep: .* bytes of JSON/);
    expect(huge?.stats).toBeUndefined();
    expect(named?.errors[0]).toMatchObject({ kind: 'syntax' });
    expect(named?.errors[0]?.message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    // Every record the job kept, and handed on, is within the budget.
    expect(seen).toHaveLength(5);
    for (const { jsonBytes } of seen) expect(jsonBytes).toBeLessThanOrEqual(MAX_RESULT_BYTES + 1);
    for (const result of results) {
      expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThan(20_000);
    }
    expect(existsSync(summary.tempDir)).toBe(true);
    await summary.dispose();
    expect(existsSync(summary.tempDir)).toBe(false);
  });
});

describe('the service with an oversized result', () => {
  it('keeps the others in its results, and sends batches of bounded size', async () => {
    put('a.xml', '<a/>');
    put('b__huge_result__.xml', '<b/>');
    put('c.xml', '<c/>');
    const service = serviceIn(folder.dir, workerScript);
    try {
      const batches: FileResult[][] = [];
      service.onResults((batch) => batches.push(batch));
      await service.addPaths([join(folder.dir, 'in')]);
      const results = await serviceJobResults(service, options({ workers: 1 }));
      expect(results.map((r) => [r.relative, r.ok, r.errors[0]?.kind ?? null])).toEqual([
        ['a.xml', true, null],
        ['b__huge_result__.xml', false, 'limit'],
        ['c.xml', true, null],
      ]);
      expect(batches.flat()).toHaveLength(3);
      for (const batch of batches) {
        expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThan(MAX_RESULT_BYTES);
      }
      const report = join(folder.dir, 'report.ndjson');
      await service.exportReport('ndjson', report);
      expect(readFileSync(report, 'utf8').trim().split('\n')).toHaveLength(3);
    } finally {
      await service.dispose();
    }
    expect(readdirSync(join(folder.dir, 'temp'))).toEqual([]);
  });
});
