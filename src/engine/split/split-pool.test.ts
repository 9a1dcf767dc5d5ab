/**
 * A split file through the real worker pool (built worker script, two threads): the chunk units
 * cross the thread boundary both ways and the merged result equals the sequential one.
 */
import { expect, inject, it } from 'vitest';
import { WorkerPool } from '../pool';
import { statsFile } from '../tasks/stats';
import type { ChunkUnit } from '../tasks/types';
import { planSplit } from './plan';
import { processSplitFile } from './process-split-file';
import { jobOptions, SMALL_CHUNKS, taskContext, tempDirForTests } from './split-test-support';

const temp = tempDirForTests();

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
  const pool = new WorkerPool({
    size: 2,
    backend: 'thread',
    workerScript: inject('workerScript'),
    jobOptions: options,
    outputDir: temp.path,
    taskTimeoutMs: 60_000,
    workerMemoryMb: 256,
  });
  try {
    const submit = async (unit: ChunkUnit): Promise<unknown> => {
      let result: unknown;
      const outcome = await pool.submit(unit, (output) => {
        if (output.kind === 'chunk') result = output.result;
      });
      if (outcome.status !== 'done') throw new Error(`chunk ${unit.chunk.seq}: ${outcome.status}`);
      return result;
    };
    const split = await processSplitFile(file, plan, options, submit);
    const sequential = await statsFile(file, taskContext(options, temp.path));
    expect(split.ok).toBe(true);
    expect(split.stats).toEqual(sequential.stats);
    expect(split.elements).toBe(sequential.elements);
  } finally {
    await pool.close();
  }
});
