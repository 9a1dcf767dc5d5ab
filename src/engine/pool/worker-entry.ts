/**
 * Entry point of every pool worker, thread or process (see worker-host.ts for the three hosts).
 * The worker reads its files itself; only results and progress travel back to the pool.
 */

import { writeTempFilesFor } from '../fs/temp-files';
import { runUnit } from '../tasks/run-unit';
import type { TaskContext, UnitOutput } from '../tasks/types';
import { ProgressThrottle } from './progress-throttle';
import type { FromWorker, InitMessage, RunMessage } from './protocol';
import { isToWorker } from './protocol';
import { testFaultsEnabled, withTestFaults } from './test-faults';
import { connectToPool, type WorkerHost } from './worker-host';

const run = testFaultsEnabled() ? withTestFaults(runUnit) : runUnit;

function serve(host: WorkerHost): void {
  const send = (message: FromWorker): void => host.send(message);
  let init: InitMessage | null = null;
  const running = new Map<number, AbortController>();
  /** A task asked for this worker to be replaced (see TaskContext.recycle). */
  let recycle = false;

  async function execute(message: RunMessage, setup: InitMessage): Promise<void> {
    const { runId, unit } = message;
    const controller = new AbortController();
    running.set(runId, controller);
    const throttle = new ProgressThrottle(setup.progressIntervalMs, (report) =>
      send({ type: 'progress', runId, ...report }),
    );
    const ctx: TaskContext = {
      options: setup.options,
      signal: controller.signal,
      progress: (file, range, bytesDone) => throttle.report(file, range, bytesDone),
      workerId: setup.workerId,
      outputDir: setup.outputDir,
      recycle: () => {
        recycle = true;
      },
    };
    const emit = (output: UnitOutput): void => {
      // A report still waiting would describe a file that is already finished.
      throttle.discard();
      send({ type: 'output', runId, output });
    };
    try {
      await run(unit, ctx, emit);
      send(recycle ? { type: 'done', runId, recycle } : { type: 'done', runId });
    } catch (error) {
      if (controller.signal.aborted) {
        send(recycle ? { type: 'done', runId, recycle } : { type: 'done', runId });
      } else {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        send({ type: 'run-error', runId, message: text });
      }
    } finally {
      throttle.discard();
      running.delete(runId);
    }
  }

  host.onMessage((message) => {
    if (!isToWorker(message)) {
      throw new Error(`pool worker: unexpected message ${JSON.stringify(message)}`);
    }
    switch (message.type) {
      case 'init':
        init = message;
        writeTempFilesFor(message.tempOwner);
        return;
      case 'run':
        if (init === null) throw new Error('pool worker: run before init');
        void execute(message, init);
        return;
      case 'abort':
        running.get(message.runId)?.abort();
        return;
    }
  });
  // Only now that it is listening: a host may drop messages sent before that (utilityProcess).
  send({ type: 'ready' });
}

/**
 * A worker process would die of an uncaught error with just an exit code to show for it: the
 * pool learns the error's message first, so the file fails with it, as on a thread.
 */
function reportUncaughtErrors(sendAndExit: (message: FromWorker, code: number) => void): void {
  process.on('uncaughtException', (error) => {
    // What Node itself prints for an uncaught error, for the log.
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
    const message = error instanceof Error ? error.message : String(error);
    sendAndExit({ type: 'fatal', message }, 1);
  });
}

const host = connectToPool();
if (host) {
  if (host.sendAndExit) {
    reportUncaughtErrors(host.sendAndExit);
    // A terminal's Ctrl-C reaches the whole process group, worker processes too. The pool stops
    // its workers itself (abort, then terminate), so a worker does not die of it mid-write.
    process.on('SIGINT', () => undefined);
  }
  serve(host);
}
