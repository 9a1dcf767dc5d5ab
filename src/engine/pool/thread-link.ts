/** The `thread` backend: one worker_threads Worker per pool worker, its heap capped by resourceLimits. */
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { WorkerEnd, WorkerLink } from './worker-link';

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

function describeThreadEnd(code: number, error: unknown, memoryMb: number): WorkerEnd {
  if (errorCode(error) === 'ERR_WORKER_OUT_OF_MEMORY') {
    return {
      kind: 'oom',
      message: `worker ran out of memory (heap limit ${memoryMb} MB)`,
    };
  }
  if (error !== null) {
    const text = error instanceof Error ? error.message : String(error);
    return { kind: 'crash', message: `worker crashed: uncaught error: ${text}` };
  }
  return { kind: 'crash', message: `worker thread exited unexpectedly with code ${code}` };
}

/**
 * Copies a worker's output stream to this process's stderr. Not `pipe`, and not Node's own
 * forwarding (`stderr: false`): both add listeners to process.stderr for every worker, so a dozen
 * workers set off Node's MaxListenersExceededWarning. The listener here sits on the worker's own
 * stream and goes away with the worker. What gets lost is back-pressure, which does not matter:
 * workers write only the odd diagnostic line.
 */
function forwardToStderr(output: Readable): void {
  output.on('data', (chunk: Buffer) => process.stderr.write(chunk));
}

export function startThread(script: string, memoryMb: number): WorkerLink {
  const worker = new Worker(script, {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    // Threads inherit the parent's Node flags by default; flags meant for the parent's own entry
    // (`--input-type`, `--eval`-related ones) make the worker script fail to start.
    execArgv: [],
    // A copy of this process's environment, so test settings such as XMLPOOL_TEST_FAULTS reach it.
    env: { ...process.env },
    // Both forwarded by hand below, to stderr: the CLI's stdout carries results only.
    stdout: true,
    stderr: true,
  });
  forwardToStderr(worker.stdout);
  forwardToStderr(worker.stderr);
  let lastError: unknown = null;
  worker.on('error', (error) => {
    lastError = error;
  });
  let exited = false;
  return {
    send: (message) => {
      if (!exited) worker.postMessage(message);
    },
    onMessage: (listener) => worker.on('message', listener),
    onExit: (listener) =>
      worker.once('exit', (code) => {
        exited = true;
        listener(describeThreadEnd(code, lastError, memoryMb));
      }),
    terminate: () => {
      void worker.terminate();
    },
  };
}
