/** The pool's small pure parts: message guards, the task queue, the progress throttle, the rate window. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import type { TaskContext, UnitOutput } from '../tasks/types';
import { validateFile } from '../tasks/validate';
import { countsAsDone } from './pool-task';
import { type ProgressReport, ProgressThrottle } from './progress-throttle';
import { isFromWorker, isToWorker } from './protocol';
import { RateWindow } from './rate-window';
import { TaskQueue } from './task-queue';

const fileRef = { path: '/data/a.xml', size: 10, index: 0, relative: 'a.xml' };

describe('protocol guards', () => {
  it('accept well-formed messages in both directions', () => {
    const options = { ...DEFAULT_JOB_OPTIONS, workers: 2 };
    expect(
      isToWorker({
        type: 'init',
        workerId: 1,
        options,
        outputDir: '/tmp',
        progressIntervalMs: 50,
        tempOwner: 'abcdef-123-00000000',
      }),
    ).toBe(true);
    expect(isToWorker({ type: 'run', runId: 3, unit: { kind: 'files', files: [fileRef] } })).toBe(
      true,
    );
    const chunk = { seq: 0, range: { start: 0, end: 5 }, context: null };
    expect(
      isToWorker({ type: 'run', runId: 3, unit: { kind: 'chunk', file: fileRef, chunk } }),
    ).toBe(true);
    expect(isToWorker({ type: 'abort', runId: 3 })).toBe(true);
    expect(isFromWorker({ type: 'ready' })).toBe(true);
    expect(
      isFromWorker({
        type: 'progress',
        runId: 1,
        file: 'a',
        range: { start: 0, end: 9 },
        bytesDone: 4,
      }),
    ).toBe(true);
    expect(
      isFromWorker({
        type: 'output',
        runId: 1,
        output: { kind: 'file', result: { file: 'a', index: 0 } },
      }),
    ).toBe(true);
    expect(isFromWorker({ type: 'done', runId: 1 })).toBe(true);
    expect(isFromWorker({ type: 'run-error', runId: 1, message: 'boom' })).toBe(true);
    expect(isFromWorker({ type: 'fatal', message: 'boom' })).toBe(true);
  });

  it('reject anything else', () => {
    for (const bad of [
      null,
      'ready',
      42,
      {},
      { type: 'nope' },
      { type: 'done' },
      { type: 'done', runId: -1 },
      { type: 'done', runId: Number.NaN },
      { type: 'output', runId: 1, output: { kind: 'file', result: null } },
      { type: 'progress', runId: 1, file: 'a', range: { start: 0 }, bytesDone: 1 },
      { type: 'run-error', runId: 1, message: 5 },
      { type: 'fatal' },
    ]) {
      expect(isFromWorker(bad)).toBe(false);
    }
    expect(
      isToWorker({ type: 'run', runId: 1, unit: { kind: 'files', files: [{ path: 1 }] } }),
    ).toBe(false);
    expect(isToWorker({ type: 'init', workerId: 1 })).toBe(false);
    expect(isToWorker({ type: 'ready' })).toBe(false);
  });
});

describe('TaskQueue', () => {
  it('is FIFO, with retries ahead of the line', () => {
    const queue = new TaskQueue<number>();
    for (let i = 0; i < 3000; i++) queue.push(i);
    const taken = Array.from({ length: 2000 }, () => queue.shift());
    expect(taken).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    queue.pushRetries([-1, -2]);
    expect(queue.length).toBe(1002);
    expect([queue.shift(), queue.shift(), queue.shift()]).toEqual([-1, -2, 2000]);
    expect(queue.drain()).toHaveLength(999);
    expect(queue.shift()).toBeUndefined();
    expect(queue.length).toBe(0);
  });
});

describe('ProgressThrottle', () => {
  it('sends at once, then at most one report per interval, ending with the latest', async () => {
    const sent: ProgressReport[] = [];
    const throttle = new ProgressThrottle(40, (report) => sent.push(report));
    const range = { start: 0, end: 1000 };
    for (let done = 1; done <= 100; done++) throttle.report('a.xml', range, done);
    expect(sent.map((r) => r.bytesDone)).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(sent.map((r) => r.bytesDone)).toEqual([1, 100]);
  });

  it('drops a pending report when told the file is finished', async () => {
    const sent: ProgressReport[] = [];
    const throttle = new ProgressThrottle(20, (report) => sent.push(report));
    throttle.report('a.xml', { start: 0, end: 10 }, 1);
    throttle.report('a.xml', { start: 0, end: 10 }, 5);
    throttle.discard();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.map((r) => r.bytesDone)).toEqual([1]);
  });
});

describe('RateWindow', () => {
  it('measures the rate over the recent window only', () => {
    const rate = new RateWindow(1000);
    expect(rate.perSecond(0)).toBe(0);
    rate.record(0, 0);
    rate.record(500, 5000);
    expect(rate.perSecond(500)).toBe(10_000);
    // A burst long ago no longer counts once the window has moved past it.
    rate.record(5000, 5000);
    rate.record(5500, 6000);
    expect(rate.perSecond(6000)).toBe(1000);
  });
});

describe('countsAsDone', () => {
  it('counts a finished file, failed or not, but not one an abort stopped part way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmlpool-counts-'));
    try {
      const path = join(dir, 'a.xml');
      writeFileSync(path, '<a><b/></a>');
      const ref = { path, size: 11, index: 0, relative: 'a.xml' };
      const context = (signal: AbortSignal): TaskContext => ({
        options: { ...DEFAULT_JOB_OPTIONS, workers: 1 },
        signal,
        progress: () => {},
        workerId: 1,
        outputDir: dir,
      });
      const finished = await validateFile(ref, context(new AbortController().signal));
      const aborted = new AbortController();
      aborted.abort();
      // What the worker reports for a file a cancel stopped: the real task's own answer.
      const stopped = await validateFile(ref, context(aborted.signal));
      expect(stopped.errors[0]?.kind).toBe('cancelled');
      expect(countsAsDone({ kind: 'file', result: finished })).toBe(true);
      expect(countsAsDone({ kind: 'file', result: { ...finished, ok: false } })).toBe(true);
      expect(countsAsDone({ kind: 'file', result: stopped })).toBe(false);
      const chunk = (error: unknown): UnitOutput => ({
        kind: 'chunk',
        file: ref,
        seq: 1,
        result: { error },
      });
      expect(countsAsDone(chunk(null))).toBe(true);
      expect(countsAsDone(chunk(stopped.errors[0]))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
