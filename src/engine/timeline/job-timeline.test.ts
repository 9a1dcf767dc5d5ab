/**
 * A whole job's timeline (startJob on real workers): every result of a file a worker ran has
 * its bar, on the lane of that worker, with an outcome that agrees with the result.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import { expandInputs } from '../input/expand';
import { startJob } from '../job';
import { overlappingBars } from './timeline-test-support';

const workerScript = inject('workerScript');
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-timeline-job-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('has a bar for every result a worker made, on its lane, agreeing with it', async () => {
  mkdirSync(join(dir, 'in'));
  const paths: string[] = [];
  for (let i = 0; i < 150; i++) {
    const path = join(dir, 'in', `f${String(i).padStart(3, '0')}.xml`);
    writeFileSync(path, i % 37 === 5 ? '<a><b></a>' : `<a>${'<b>x</b>'.repeat(i * 10)}</a>`);
    paths.push(path);
  }
  const missing = join(dir, 'in', 'missing.xml');
  const inputs = await expandInputs([...paths, missing], { include: ['*.xml'] });
  const job = startJob(
    inputs,
    { ...DEFAULT_JOB_OPTIONS, workers: 2 },
    { workerScript, tempRoot: dir },
  );
  const summary = await job.done;
  const results: FileResult[] = [];
  for await (const result of summary.results()) results.push(result);
  const timeline = job.timeline.full();
  await summary.dispose();

  expect(timeline.finished).toBe(true);
  expect(overlappingBars(timeline.bars)).toEqual([]);
  // Small files are batched: fewer bars than files, and each file in exactly one bar.
  expect(timeline.bars.length).toBeLessThan(paths.length);
  const inBars = timeline.bars.flatMap((bar) => bar.files).sort((a, b) => a - b);
  expect(inBars).toEqual(paths.map((_, index) => index));
  for (const result of results) {
    const bar = timeline.bars.find((candidate) => candidate.files.includes(result.index));
    if (result.workerId === null) {
      // Not run by a worker (the missing file): no bar.
      expect(bar).toBeUndefined();
      continue;
    }
    expect(timeline.lanes[bar?.lane ?? -1]?.workerId).toBe(result.workerId);
    if (!result.ok) expect(bar?.outcome).toBe('failed');
    const file = timeline.files.find((candidate) => candidate.index === result.index);
    expect(file).toMatchObject({ path: result.file, size: result.bytes });
  }
  expect(results.filter((result) => !result.ok)).toHaveLength(5);
});
