/** The `thread` backend: one worker_threads Worker per pool worker, its heap capped by resourceLimits. */
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

export function startThread(script: string, memoryMb: number): WorkerLink {
  const worker = new Worker(script, {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    // Threads inherit the parent's Node flags by default; flags meant for the parent's own entry
    // (`--input-type`, `--eval`-related ones) make the worker script fail to start.
    execArgv: [],
    // A copy of this process's environment, so test settings such as XMLPOOL_TEST_FAULTS reach it.
    env: { ...process.env },
    // Piped by hand to stderr below: the CLI's stdout carries results only.
    stdout: true,
  });
  worker.stdout.pipe(process.stderr, { end: false });
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
