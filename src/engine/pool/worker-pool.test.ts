/**
 * The pool's clean-up on both backends (no process or thread left behind), an injected
 * utilityProcess-style spawner, and workers that cannot start. See pool-test-support.ts.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ProcessSpawner } from './index';
import {
  file,
  files,
  makePool,
  one,
  setUpPoolTests,
  states,
  submitAll,
  testDir,
  until,
  xmlOf,
} from './pool-test-support';

setUpPoolTests();

describe('WorkerPool cleanup', () => {
  it('leaves no process behind after faults, cancel and close (injected spawner)', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const children: ChildProcess[] = [];
    const spawner: ProcessSpawner = (script, options) => {
      const child = fork(script, [], { execArgv: options.execArgv, serialization: 'json' });
      children.push(child);
      return {
        send: (message) => {
          if (child.connected && typeof message === 'object' && message !== null) {
            child.send(message, () => {});
          }
        },
        onMessage: (listener) => child.on('message', listener),
        onExit: (listener) => child.once('exit', listener),
        kill: () => child.kill('SIGKILL'),
      };
    };
    const pool = makePool('process', { size: 2, spawnProcess: spawner, abortGraceMs: 100 });
    const crash = file('__crash__.xml', xmlOf(100));
    const hang = file('__hang__.xml', xmlOf(100));
    const first = submitAll(pool, [one(crash), ...files(4, 1000).map(one)]);
    const outcomes = await first.outcomes;
    expect(outcomes[0]).toMatchObject({ status: 'failed' });
    const stuck = pool.submit(one(hang), () => {});
    await until(() => states(pool).includes('busy'));
    pool.cancel();
    expect(await stuck).toMatchObject({ status: 'cancelled' });
    await pool.close();

    expect(children.length).toBeGreaterThanOrEqual(4); // 2 + 2 replacements after the crashes
    expect(states(pool).every((state) => state === 'exited')).toBe(true);
    for (const child of children) {
      expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
      expect(() => process.kill(child.pid ?? -1, 0)).toThrow();
    }
  });

  it('close() ends thread workers, busy or not', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const pool = makePool('thread', { size: 2 });
    const stuck = pool.submit(one(file('__hang__.xml', xmlOf(100))), () => {});
    await until(() => states(pool).includes('busy'));
    await pool.close();
    expect(await stuck).toMatchObject({ status: 'cancelled' });
    expect(states(pool)).toEqual(['exited', 'exited']);
  });

  it('serves a utilityProcess-style host (process.parentPort with { data } events)', async () => {
    // Stands in for Electron's utilityProcess, which cannot run here: a child process whose
    // process.parentPort is a MessagePortMain look-alike carried over stdin/stdout.
    const shim = `
      import { EventEmitter } from 'node:events';
      import { createInterface } from 'node:readline';
      const port = new EventEmitter();
      port.postMessage = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
      process.parentPort = port;
      createInterface({ input: process.stdin }).on('line', (line) =>
        port.emit('message', { data: JSON.parse(line) }));
      await import(process.argv[1]);
    `;
    const utilityLike: ProcessSpawner = (script, options) => {
      const child = spawn(
        process.execPath,
        [...options.execArgv, '--input-type=module', '-e', shim, pathToFileURL(script).href],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      const lines = createInterface({ input: child.stdout });
      return {
        send: (message) => child.stdin.write(`${JSON.stringify(message)}\n`),
        onMessage: (listener) => lines.on('line', (line) => listener(JSON.parse(line))),
        onExit: (listener) => child.once('exit', listener),
        kill: () => child.kill(),
      };
    };
    const pool = makePool('process', { size: 1, spawnProcess: utilityLike });
    const refs = files(3, 1000);
    const { seen, outcomes } = submitAll(pool, refs.map(one));
    expect(await outcomes).toEqual(Array(3).fill({ status: 'done' }));
    expect(seen.map((s) => [s.result.index, s.result.ok, s.workerId])).toEqual(
      refs.map((ref) => [ref.index, true, 1]),
    );
  });

  it('fails units instead of hanging when workers cannot start', async () => {
    const pool = makePool('thread', { workerScript: join(testDir(), 'missing-worker.js') });
    const ref = file('a.xml', xmlOf(100));
    const outcome = await pool.submit(one(ref), () => {});
    expect(outcome).toMatchObject({
      status: 'failed',
      failures: [{ file: ref, error: { kind: 'crash' } }],
    });
  });
});
