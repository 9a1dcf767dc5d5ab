/**
 * A split file through the real worker pool (built worker script, two threads): the chunk units
 * cross the thread boundary both ways and the merged result equals the sequential one.
 */
import { expect, inject, it } from 'vitest';
import type { JobOptions } from '../../shared/tasks';
import { WorkerPool } from '../pool';
import { statsFile } from '../tasks/stats';
import type { ChunkUnit } from '../tasks/types';
import { validateFile } from '../tasks/validate';
import { planSplit } from './plan';
import { processSplitFile } from './process-split-file';
import { jobOptions, SMALL_CHUNKS, taskContext, tempDirForTests } from './split-test-support';

const temp = tempDirForTests();

/**
 * A thread pool of `size` workers and a SubmitChunk that runs chunk units on it, recording each
 * unit's outcome. The caller closes the pool.
 */
function chunkPool(options: JobOptions, size: number) {
  const pool = new WorkerPool({
    size,
    backend: 'thread',
    workerScript: inject('workerScript'),
    jobOptions: options,
    outputDir: temp.path,
    taskTimeoutMs: 60_000,
    workerMemoryMb: 256,
  });
  const statuses: string[] = [];
  const submit = async (unit: ChunkUnit, signal?: AbortSignal): Promise<unknown> => {
    let result: unknown;
    const outcome = await pool.submit(
      unit,
      (output) => {
        if (output.kind === 'chunk') result = output.result;
      },
      signal,
    );
    statuses.push(outcome.status);
    if (outcome.status !== 'done') throw new Error(`chunk ${unit.chunk.seq}: ${outcome.status}`);
    return result;
  };
  return { pool, submit, statuses };
}

it('merges chunks run on pool workers into the sequential result', async () => {
  const body = Array.from(
    { length: 9000 },
    (_, i) => `<!-- <row> --><row id="${i}"><v>é${i}</v><row-like/></row>\n`,
  ).join('');
  const file = await temp.write('pool.xml', `<table xmlns:a="urn:a">\n${body}</table>\n`);
  const options = jobOptions('stats', { rowTag: 'row', workers: 2 });
  const plan = await planSplit(file, 'row', 2, options, SMALL_CHUNKS);
  expect(plan?.chunks.length).toBeGreaterThan(8);
  if (!plan) return;
  const { pool, submit } = chunkPool(options, 2);
  try {
    const split = await processSplitFile(file, plan, options, submit);
    const sequential = await statsFile(file, taskContext(options, temp.path));
    expect(split.ok).toBe(true);
    expect(split.stats).toEqual(sequential.stats);
    expect(split.elements).toBe(sequential.elements);
  } finally {
    await pool.close();
  }
});

it('cancels the chunks it no longer needs once an early chunk has the first error', async () => {
  const body = Array.from({ length: 20_000 }, (_, i) =>
    i === 5 ? '<row><b>oops</c></row>\n' : `<row id="${i}">é</row>\n`,
  ).join('');
  const file = await temp.write('early-error.xml', `<table>\n${body}</table>\n`);
  const options = jobOptions('validate', { rowTag: 'row', workers: 1 });
  const plan = await planSplit(file, 'row', 1, options, SMALL_CHUNKS);
  // More chunks than Node's 10 listeners per signal: the split's abort signal must not warn.
  expect(plan?.chunks.length).toBeGreaterThan(10);
  if (!plan) return;
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning.name);
  };
  process.on('warning', onWarning);
  const { pool, submit, statuses } = chunkPool(options, 1);
  try {
    const split = await processSplitFile(file, plan, options, submit);
    const sequential = await validateFile(file, taskContext(options, temp.path));
    expect(split.errors).toEqual(sequential.errors);
    // One worker: chunk 0 holds the error, chunk 1 may have started meanwhile, the rest never ran.
    const cancelled = statuses.filter((status) => status === 'cancelled').length;
    expect(cancelled).toBeGreaterThanOrEqual(plan.chunks.length - 2);
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  } finally {
    process.off('warning', onWarning);
    await pool.close();
  }
});

it('warns when the row tag matches nothing, and only then', async () => {
  const body = Array.from({ length: 6000 }, (_, i) => `<record id="${i}">é</record>\n`).join('');
  const file = await temp.write('records.xml', `<table>\n${body}</table>\n`);
  // Rows only near the start: the tag matches, though the split could not use it.
  const early = await temp.write(
    'early-rows.xml',
    `<table>\n<record/>\n${'<other>é</other>\n'.repeat(6000)}</table>\n`,
  );
  const run = async (path: typeof file, rowTag: string) => {
    const options = jobOptions('validate', { rowTag, workers: 2 });
    const plan = await planSplit(path, rowTag, 2, options, SMALL_CHUNKS);
    if (!plan) throw new Error('expected a split plan');
    const { pool, submit } = chunkPool(options, 2);
    try {
      return await processSplitFile(path, plan, options, submit);
    } finally {
      await pool.close();
    }
  };
  const typo = await run(file, 'recrod');
  expect(typo.ok).toBe(true);
  expect(typo.warnings).toEqual([
    { code: 'row-tag-unmatched', message: expect.stringContaining('no <recrod> element') },
  ]);
  expect((await run(file, 'record')).warnings).toBeUndefined();
  expect((await run(early, 'record')).warnings).toBeUndefined();
});
