/**
 * The pool's behaviour on one backend, run by worker-pool-thread.test.ts and
 * worker-pool-process.test.ts: two test files, so the two backends' suites run in parallel.
 */
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../shared/tasks';
import type { UnitOutput, WorkUnit } from '../tasks/types';
import {
  allIdle,
  file,
  files,
  ids,
  liveIds,
  makePool,
  one,
  states,
  submitAll,
  until,
  xmlOf,
} from './pool-test-support';
import type { PoolObserver } from './types';

export function describeWorkerPool(backend: Backend): void {
  describe(`WorkerPool (${backend} backend)`, () => {
    it('runs every file on workers 1..N and reports per-worker progress', async () => {
      const pool = makePool(backend, { size: 2 });
      expect(ids(pool)).toEqual([1, 2]);
      expect(states(pool)).toEqual(['starting', 'starting']);
      const good = files(5, 2000);
      const bad = file('bad.xml', '<root><open></root>');
      const batch: WorkUnit = { kind: 'files', files: files(3, 500) };
      const { seen, outcomes } = submitAll(pool, [...good.map(one), one(bad), batch]);
      // Right after a worker's output, its recent throughput includes it.
      const rates: number[] = [];
      const onOutput = (_output: UnitOutput, workerId: number) => {
        rates.push(pool.snapshot().find((w) => w.id === workerId)?.bytesPerSecond ?? 0);
      };
      const extra = await pool.submit(one(file('extra.xml', xmlOf(5000))), onOutput);
      expect(extra).toEqual({ status: 'done' });
      expect(rates).toHaveLength(1);
      expect(rates[0]).toBeGreaterThan(0);

      expect(await outcomes).toEqual(Array(7).fill({ status: 'done' }));
      const byIndex = new Map(seen.map((s) => [s.result.index, s]));
      expect(seen).toHaveLength(9);
      expect(byIndex.get(bad.index)?.result.ok).toBe(false);
      expect(byIndex.get(bad.index)?.result.errors[0]?.kind).toBe('syntax');
      for (const ref of [...good, ...batch.files])
        expect(byIndex.get(ref.index)?.result.ok).toBe(true);
      for (const s of seen) {
        expect([1, 2]).toContain(s.workerId);
        expect(s.result.workerId).toBe(s.workerId);
        expect(s.result.attempts).toBe(1);
      }

      // A worker may still be starting if the other one was quick enough to take every unit.
      await until(() => allIdle(pool));
      const workers = pool.snapshot();
      expect(workers.map((w) => [w.id, w.state, w.backend])).toEqual([
        [1, 'idle', backend],
        [2, 'idle', backend],
      ]);
      expect(workers.reduce((sum, w) => sum + w.tasksDone, 0)).toBe(10);
      for (const w of workers.filter((w) => w.tasksDone > 0)) {
        expect(w.busyMs).toBeGreaterThan(0);
        expect(w.utilization).toBeGreaterThan(0);
        expect(w.utilization).toBeLessThanOrEqual(1);
        expect(w.file).toBeNull();
      }
    });

    it('dispatches in submit order, one unit at a time per worker', async () => {
      const pool = makePool(backend, { size: 1 });
      const refs = files(6, 1000);
      const { seen, outcomes } = submitAll(pool, refs.map(one));
      await outcomes;
      expect(seen.map((s) => s.result.index)).toEqual(refs.map((ref) => ref.index));
    });

    it('shows the current file and byte range of a busy worker', async () => {
      process.env.XMLPOOL_TEST_FAULTS = '1';
      const pool = makePool(backend, { size: 1, abortGraceMs: 100 });
      const hang = file('__hang__.xml', xmlOf(100));
      const outcome = pool.submit(one(hang), () => {});
      await until(() => states(pool)[0] === 'busy');
      expect(pool.snapshot()[0]).toMatchObject({
        file: hang.path,
        range: { start: 0, end: hang.size },
        bytesTotal: hang.size,
      });
      pool.cancel();
      await outcome;
    });

    it('grows live into the lowest free ids and shrinks by retiring idle workers at once', async () => {
      const pool = makePool(backend, { size: 3 });
      await until(() => allIdle(pool));
      pool.resize(1);
      await until(() => liveIds(pool).length === 1);
      expect(liveIds(pool)).toEqual([1]);
      expect(states(pool)).toEqual(['idle', 'retired', 'retired']);
      pool.resize(3);
      expect(ids(pool)).toEqual([1, 2, 3]);
      const { outcomes } = submitAll(pool, files(3, 1000).map(one));
      expect(await outcomes).toEqual(Array(3).fill({ status: 'done' }));
    });

    it('grows mid-run: the new worker starts at once and the run completes', async () => {
      const pool = makePool(backend, { size: 1 });
      let idsAfterResize: number[] = [];
      const refs = files(30, 100_000);
      const { seen, outcomes } = submitAll(pool, refs.map(one), () => {
        pool.resize(2);
        idsAfterResize = ids(pool);
      });
      expect(await outcomes).toEqual(Array(30).fill({ status: 'done' }));
      expect(idsAfterResize).toEqual([1, 2]);
      expect(new Set(seen.map((s) => s.result.index)).size).toBe(30);
      expect(ids(pool)).toEqual([1, 2]);
    });

    it('shrinks mid-run: running units finish, then the surplus worker retires', async () => {
      const pool = makePool(backend, { size: 2 });
      await until(() => allIdle(pool));
      let busyAtResize = 0;
      const refs = files(30, 100_000);
      const { seen, outcomes } = submitAll(pool, refs.map(one), () => {
        pool.resize(1);
        busyAtResize = states(pool).filter((state) => state === 'busy').length;
      });
      expect(await outcomes).toEqual(Array(30).fill({ status: 'done' }));
      expect(new Set(seen.map((s) => s.result.index)).size).toBe(30);
      // The other worker was busy, so it was not stopped mid-unit: it retired after its unit.
      expect(busyAtResize).toBe(2);
      await until(() => liveIds(pool).length === 1);
      // The retired worker keeps its lane and its count, so the lanes add up to every file.
      const lanes = pool.snapshot();
      expect(lanes.map((lane) => lane.state).sort()).toEqual(['idle', 'retired']);
      expect(lanes.reduce((sum, lane) => sum + lane.tasksDone, 0)).toBe(30);
      expect(lanes.find((lane) => lane.state === 'retired')).toMatchObject({
        file: null,
        bytesPerSecond: 0,
      });
      // Growing again continues the retired lane under its id, with its count.
      const retiredId = lanes.find((lane) => lane.state === 'retired')?.id;
      pool.resize(2);
      await until(() => allIdle(pool) && liveIds(pool).length === 2);
      expect(ids(pool)).toEqual([1, 2]);
      expect(pool.snapshot().reduce((sum, lane) => sum + lane.tasksDone, 0)).toBe(30);
      expect(retiredId).toBeDefined();
    });

    it('cancels mid-run: queued and running units resolve cancelled, finished outputs are kept', async () => {
      const pool = makePool(backend, { size: 2 });
      const refs = files(30, 50_000);
      const { seen, outcomes } = submitAll(pool, refs.map(one), () => pool.cancel());
      const results = await outcomes;
      const unfinished = results.flatMap((o) => (o.status === 'cancelled' ? o.unfinished : []));
      expect(results.every((o) => o.status === 'done' || o.status === 'cancelled')).toBe(true);
      expect(unfinished.length).toBeGreaterThan(0);
      // Every file has exactly one fate: an output or a place in `unfinished`.
      const fates = [...seen.map((s) => s.result.index), ...unfinished.map((f) => f.index)];
      expect(fates.sort((a, b) => a - b)).toEqual(refs.map((ref) => ref.index));
      // Submitting after cancel resolves at once.
      const late = file('late.xml', xmlOf(100));
      expect(await pool.submit(one(late), () => {})).toEqual({
        status: 'cancelled',
        unfinished: [late],
        failures: [],
      });
    });

    it('cancel terminates a worker stuck in a busy loop', async () => {
      process.env.XMLPOOL_TEST_FAULTS = '1';
      const pool = makePool(backend, { size: 1, abortGraceMs: 100 });
      const hang = file('__hang__.xml', xmlOf(100));
      const outcome = pool.submit(one(hang), () => {});
      await until(() => states(pool)[0] === 'busy');
      pool.cancel();
      expect(await outcome).toEqual({ status: 'cancelled', unfinished: [hang], failures: [] });
      await until(() => states(pool)[0] === 'exited');
    });

    it('aborts one unit: out of the queue, or its stuck worker replaced; the rest runs on', async () => {
      process.env.XMLPOOL_TEST_FAULTS = '1';
      const pool = makePool(backend, { size: 1, abortGraceMs: 100 });
      const hang = file('__hang__.xml', xmlOf(100));
      const queued = file('queued.xml', xmlOf(100));
      const after = file('after.xml', xmlOf(100));
      const stuck = new AbortController();
      const waiting = new AbortController();
      const hung = pool.submit(one(hang), () => {}, stuck.signal);
      const dropped = pool.submit(one(queued), () => {}, waiting.signal);
      const seen: string[] = [];
      const kept = pool.submit(one(after), (output) => {
        if (output.kind === 'file') seen.push(output.result.file);
      });
      await until(() => states(pool)[0] === 'busy');
      waiting.abort();
      expect(await dropped).toEqual({ status: 'cancelled', unfinished: [queued], failures: [] });
      stuck.abort();
      expect(await hung).toEqual({ status: 'cancelled', unfinished: [hang], failures: [] });
      // The worker ignored the abort and was terminated; a new worker 1 runs the last unit.
      expect(await kept).toEqual({ status: 'done' });
      expect(seen).toEqual([after.path]);
      expect(ids(pool)).toEqual([1]);
      // A unit whose signal is already aborted never runs.
      const never = file('never.xml', xmlOf(100));
      expect(await pool.submit(one(never), () => {}, AbortSignal.abort())).toEqual({
        status: 'cancelled',
        unfinished: [never],
        failures: [],
      });
    });

    it.each([
      ['__crash__', 'crash', /exit/],
      ['__throw__', 'crash', /uncaught|exit/],
      ['__oom__', 'oom', /memory/],
    ] as const)(
      'a %s worker fails only the culprit of a batch, after a retry',
      async (fault, kind, message) => {
        process.env.XMLPOOL_TEST_FAULTS = '1';
        // A small heap, so the __oom__ worker reaches its limit quickly.
        const pool = makePool(backend, { size: 1, workerMemoryMb: 32 });
        const before = file('before.xml', xmlOf(100));
        const culprit = file(`${fault}.xml`, xmlOf(100));
        const after = files(2, 100);
        const later = file('later.xml', xmlOf(100));
        const batch: WorkUnit = { kind: 'files', files: [before, culprit, ...after] };
        const { seen, outcomes } = submitAll(pool, [batch, one(later)]);
        const [batchOutcome, laterOutcome] = await outcomes;

        expect(batchOutcome).toMatchObject({
          status: 'failed',
          failures: [{ file: culprit, attempts: 2, error: { kind } }],
        });
        if (batchOutcome?.status !== 'failed') throw new Error('expected a failure');
        expect(batchOutcome.failures).toHaveLength(1);
        expect(batchOutcome.failures[0]?.error.message).toMatch(message);
        expect(laterOutcome).toEqual({ status: 'done' });
        const done = new Map(seen.map((s) => [s.result.index, s.result]));
        expect([...done.keys()].sort((a, b) => a - b)).toEqual(
          [before, ...after, later].map((ref) => ref.index),
        );
        // Files re-run after the crash say so.
        for (const ref of after) expect(done.get(ref.index)?.attempts).toBe(2);
        expect(done.get(before.index)?.attempts).toBe(1);
        // The dead worker was replaced under the same id.
        await until(() => allIdle(pool));
        expect(ids(pool)).toEqual([1]);
      },
    );

    it('gives every failed file of a batch its own fault: crash, oom, throw', async () => {
      process.env.XMLPOOL_TEST_FAULTS = '1';
      // Two workers, so the retries of the batch's culprits fail side by side.
      const pool = makePool(backend, { size: 2, workerMemoryMb: 32 });
      const crash = file('__crash__.xml', xmlOf(100));
      const oom = file('__oom__.xml', xmlOf(100));
      const thrown = file('__throw__.xml', xmlOf(100));
      const fine = file('fine.xml', xmlOf(100));
      const { seen, outcomes } = submitAll(pool, [
        { kind: 'files', files: [crash, oom, thrown, fine] },
      ]);
      const [outcome] = await outcomes;
      expect(outcome).toEqual({
        status: 'failed',
        failures: [
          { file: crash, attempts: 2, error: expect.objectContaining({ kind: 'crash' }) },
          { file: oom, attempts: 2, error: expect.objectContaining({ kind: 'oom' }) },
          { file: thrown, attempts: 2, error: expect.objectContaining({ kind: 'crash' }) },
        ],
      });
      if (outcome?.status !== 'failed') throw new Error('expected a failure');
      const [crashed, outOfMemory, threw] = outcome.failures.map((f) => f.error.message);
      expect(crashed).toMatch(/exited unexpectedly with code 70/);
      expect(outOfMemory).toMatch(/out of memory/);
      // The thrown error's own message, not just an exit code.
      expect(threw).toContain(
        `uncaught error: test fault: uncaught exception for ${thrown.relative}`,
      );
      expect(seen.map((s) => s.result.index)).toEqual([fine.index]);
    });

    it('gives a file that times out its own fault, not the crash before it in the batch', async () => {
      process.env.XMLPOOL_TEST_FAULTS = '1';
      const pool = makePool(backend, { size: 2, taskTimeoutMs: 1000 });
      const crash = file('__crash__.xml', xmlOf(100));
      const hang = file('__hang__.xml', xmlOf(100));
      const fine = file('fine.xml', xmlOf(100));
      const { seen, outcomes } = submitAll(pool, [{ kind: 'files', files: [crash, hang, fine] }]);
      const [outcome] = await outcomes;
      expect(outcome).toEqual({
        status: 'failed',
        failures: [
          { file: crash, attempts: 2, error: expect.objectContaining({ kind: 'crash' }) },
          {
            file: hang,
            attempts: 2,
            error: expect.objectContaining({
              kind: 'timeout',
              message: expect.stringContaining('timeout of 1000 ms'),
            }),
          },
        ],
      });
      expect(seen.map((s) => s.result.index)).toEqual([fine.index]);
    });

    // Id bookkeeping lives in the pool, not the backend: one backend is enough (it is a slow test).
    it.runIf(backend === 'thread')(
      'replaces a dead worker under its own id, not the lowest free one',
      async () => {
        process.env.XMLPOOL_TEST_FAULTS = '1';
        const pool = makePool(backend, { size: 3, taskTimeoutMs: 500 });
        await until(() => allIdle(pool));
        // Worker 1 gets the quick file, workers 2 and 3 the hanging ones (dispatch goes by id).
        const quick = file('quick.xml', xmlOf(100));
        const hangs = [file('__hang__.xml', xmlOf(100)), file('__hang__.xml', xmlOf(100))];
        const { outcomes } = submitAll(pool, [one(quick), ...hangs.map(one)]);
        expect(states(pool)).toEqual(['busy', 'busy', 'busy']);
        // All busy: worker 1 retires when its quick unit ends, leaving id 1 free.
        pool.resize(2);
        const [quickOutcome, ...hung] = await outcomes;
        expect(quickOutcome).toEqual({ status: 'done' });
        for (const outcome of hung)
          expect(outcome).toMatchObject({ status: 'failed', failures: [{ attempts: 2 }] });
        await until(() => allIdle(pool) && liveIds(pool).length === 2);
        expect(liveIds(pool)).toEqual([2, 3]);
      },
    );

    it('fails a unit that exceeds the task timeout, and carries on', async () => {
      process.env.XMLPOOL_TEST_FAULTS = '1';
      const pool = makePool(backend, { size: 1, taskTimeoutMs: 500 });
      const hang = file('__hang__.xml', xmlOf(100));
      const fine = file('fine.xml', xmlOf(100));
      const { seen, outcomes } = submitAll(pool, [one(hang), one(fine)]);
      const [hung, ok] = await outcomes;
      expect(hung).toMatchObject({
        status: 'failed',
        failures: [{ file: hang, attempts: 2, error: { kind: 'timeout' } }],
      });
      if (hung?.status !== 'failed') throw new Error('expected a failure');
      expect(hung.failures[0]?.error.message).toContain('500 ms');
      expect(ok).toEqual({ status: 'done' });
      expect(seen.map((s) => s.result.index)).toEqual([fine.index]);
      await until(() => allIdle(pool));
      expect(ids(pool)).toEqual([1]);
    });

    it('replaces a worker that asks to be recycled, under its id, once its unit is done', async () => {
      process.env.XMLPOOL_TEST_FAULTS = '1';
      const started: number[] = [];
      const observer: PoolObserver = {
        workerStarted: (id) => started.push(id),
        workerRetired: () => undefined,
        taskStarted: () => undefined,
        taskOutput: () => undefined,
        taskEnded: () => undefined,
      };
      const pool = makePool(backend, { size: 1, observer });
      const recycling = file('__recycle__.xml', xmlOf(100));
      const later = file('later.xml', xmlOf(100));
      const { seen, outcomes } = submitAll(pool, [one(recycling), one(later)]);
      expect(await outcomes).toEqual([{ status: 'done' }, { status: 'done' }]);
      expect(seen.map((s) => s.result.ok)).toEqual([true, true]);
      await until(() => allIdle(pool));
      expect(ids(pool)).toEqual([1]);
      // A fresh worker under the same id ran the later file; the lane keeps both tasks.
      expect(started).toEqual([1, 1]);
      expect(pool.snapshot()[0]?.tasksDone).toBe(2);
    });

    it('ignores fault file names unless XMLPOOL_TEST_FAULTS=1', async () => {
      const pool = makePool(backend, { size: 1 });
      const names = ['__crash__.xml', '__oom__.xml', '__hang__.xml', '__throw__.xml'];
      const refs = names.map((name) => file(name, xmlOf(100)));
      const { seen, outcomes } = submitAll(pool, refs.map(one));
      expect(await outcomes).toEqual(Array(4).fill({ status: 'done' }));
      expect(seen.every((s) => s.result.ok)).toBe(true);
    });
  });
}
