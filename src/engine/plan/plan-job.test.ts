import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS, type JobOptions } from '../../shared/tasks';
import type { SplitPlan } from '../split/types';
import type { FileRef } from '../tasks/types';
import { batchFiles, batchLimitsFor, DEFAULT_BATCH_LIMITS } from './batching';
import { type PlannedWork, planJob, type SplitPlanner } from './plan-job';

const KIB = 1024;
const MIB = 1024 * KIB;

function refs(sizes: number[]): FileRef[] {
  return sizes.map((size, index) => ({
    path: `/in/${index}.xml`,
    size,
    index,
    relative: `${index}.xml`,
  }));
}

function options(overrides: Partial<JobOptions> = {}): JobOptions {
  return { ...DEFAULT_JOB_OPTIONS, workers: 2, ...overrides };
}

const neverSplit: SplitPlanner = async () => null;

function indexes(work: PlannedWork[]): number[][] {
  return work.map((item) =>
    item.kind === 'files' ? item.unit.files.map((f) => f.index) : [item.file.index],
  );
}

describe('small-file batching', () => {
  it('packs 100,000 small files into units within the file and byte caps', () => {
    const files = refs(Array.from({ length: 100_000 }, (_, i) => 2 * KIB + (i % 7) * 1000));
    const units = batchFiles(files, batchLimitsFor(files, 2));
    expect(units.length).toBe(Math.ceil(100_000 / 64));
    let next = 0;
    let tooBig = 0;
    for (const unit of units) {
      const bytes = unit.files.reduce((sum, f) => sum + f.size, 0);
      if (unit.files.length > 64 || bytes > DEFAULT_BATCH_LIMITS.maxBytes) tooBig++;
      for (const file of unit.files) if (file.index === next) next++;
    }
    expect(tooBig).toBe(0);
    expect(next).toBe(100_000); // every file once, in order
  });

  it('closes a batch at the byte cap and runs files at or over it alone', () => {
    const cap = DEFAULT_BATCH_LIMITS.maxBytes;
    const files = refs([0.4 * cap, 0.4 * cap, 0.4 * cap, cap, 10 * KIB]);
    const units = batchFiles(files, DEFAULT_BATCH_LIMITS);
    expect(units.map((u) => u.files.map((f) => f.index))).toEqual([[0, 1], [2], [3], [4]]);
  });

  it('shrinks batches for a short job so every worker gets work', () => {
    const files = refs(Array.from({ length: 16 }, () => KIB));
    const limits = batchLimitsFor(files, 2);
    expect(limits.maxFiles).toBe(2); // 16 files / (2 workers × 4 units each)
    expect(batchFiles(files, limits)).toHaveLength(8);
  });
});

describe('planJob', () => {
  it('orders largest first by default, ties in input order', async () => {
    const work = await planJob(refs([5 * MIB, 9 * MIB, 5 * MIB, 7 * MIB]), options(), neverSplit);
    expect(indexes(work)).toEqual([[1], [3], [0], [2]]);
  });

  it('keeps input order with order=input', async () => {
    const work = await planJob(
      refs([5 * MIB, 9 * MIB, 7 * MIB]),
      options({ order: 'input' }),
      neverSplit,
    );
    expect(indexes(work)).toEqual([[0], [1], [2]]);
  });

  it('asks the split planner about big files only when a row tag is set', async () => {
    const asked: number[] = [];
    const planner: SplitPlanner = async (file, rowTag) => {
      asked.push(file.index);
      const plan: SplitPlan = {
        rowTag: rowTag === 'auto' ? 'row' : rowTag,
        detected: rowTag === 'auto',
        encoding: 'UTF-8',
        chunks: [
          { seq: 0, range: { start: 0, end: file.size / 2 }, context: null },
          { seq: 1, range: { start: file.size / 2, end: file.size }, context: null },
        ],
      };
      return file.size > 20 * MIB ? plan : null;
    };
    const files = refs([KIB, 40 * MIB, 6 * MIB]);
    expect(await planJob(files, options(), planner)).toHaveLength(3);
    expect(asked).toEqual([]);
    const work = await planJob(files, options({ rowTag: 'auto' }), planner);
    expect(asked).toEqual([1, 2]); // the 1 KiB file is never worth asking about
    expect(work.map((item) => item.kind)).toEqual(['split', 'files', 'files']);
  });

  it('runs a file whole when the split planner cannot read it', async () => {
    const failing: SplitPlanner = async () => {
      throw new Error('EACCES');
    };
    const work = await planJob(refs([40 * MIB]), options({ rowTag: 'row' }), failing);
    expect(indexes(work)).toEqual([[0]]);
    expect(work[0]?.kind).toBe('files');
  });
});
