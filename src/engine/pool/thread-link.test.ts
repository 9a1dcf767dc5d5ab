/**
 * Thread workers' stdout and stderr reach this process's stderr without each worker adding
 * listeners to process.stdout or process.stderr: with a dozen workers that made Node print a
 * MaxListenersExceededWarning, and workers are started again and again as the pool is resized
 * and crashed workers are replaced.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  allIdle,
  file,
  files,
  ids,
  liveIds,
  makePool,
  one,
  setUpPoolTests,
  submitAll,
  testDir,
  until,
  xmlOf,
} from './pool-test-support';
import { startThread } from './thread-link';

setUpPoolTests();

/** Every listener on the parent's own output streams, whatever the event. */
function parentOutputListeners(): number {
  let count = 0;
  for (const stream of [process.stdout, process.stderr]) {
    for (const event of stream.eventNames()) count += stream.listenerCount(event);
  }
  return count;
}

/** Collects the listener-leak warnings Node emits while `body` runs. */
async function leakWarningsDuring(body: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning.message);
  };
  process.on('warning', onWarning);
  try {
    await body();
    // Node emits a warning on a later tick than the one that caused it.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}

describe('thread workers and the parent’s stdout and stderr', () => {
  it('runs 12 thread workers, replaced again and again, without adding listeners to them', async () => {
    const before = parentOutputListeners();
    const warnings = await leakWarningsDuring(async () => {
      process.env.XMLPOOL_TEST_FAULTS = '1';
      const pool = makePool('thread', { size: 12 });
      const { outcomes } = submitAll(pool, files(24, 1000).map(one));
      expect(await outcomes).toEqual(Array(24).fill({ status: 'done' }));
      await until(() => allIdle(pool));
      expect(ids(pool)).toHaveLength(12);
      expect(parentOutputListeners()).toBe(before);

      // Each crash file takes down a worker on each of its two attempts; each is replaced.
      const crashes = Array.from({ length: 4 }, () => one(file('__crash__.xml', xmlOf(100))));
      const crashed = await Promise.all(crashes.map((unit) => pool.submit(unit, () => {})));
      expect(crashed.map((outcome) => outcome.status)).toEqual(Array(4).fill('failed'));
      for (let round = 0; round < 2; round++) {
        pool.resize(2);
        // Retired workers keep their lanes: count the live ones.
        await until(() => liveIds(pool).length === 2);
        pool.resize(12);
        await until(() => liveIds(pool).length === 12 && allIdle(pool));
      }
      expect(parentOutputListeners()).toBe(before);
    });
    expect(warnings).toEqual([]);
  });

  it("forwards a worker's stdout and stderr to this process's stderr", async () => {
    const script = join(testDir(), 'talking-worker.cjs');
    writeFileSync(
      script,
      "process.stdout.write('said on stdout\\n');\nprocess.stderr.write('said on stderr\\n');\n",
    );
    let forwarded = '';
    const stderrWrite = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      forwarded += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    });
    const stdoutWrite = vi.spyOn(process.stdout, 'write');
    try {
      const link = startThread(script, 64);
      await new Promise<void>((resolve) => link.onExit(() => resolve()));
      await until(
        () => forwarded.includes('said on stdout') && forwarded.includes('said on stderr'),
      );
      expect(stdoutWrite).not.toHaveBeenCalled();
    } finally {
      stderrWrite.mockRestore();
      stdoutWrite.mockRestore();
    }
  }, 10_000);
});
