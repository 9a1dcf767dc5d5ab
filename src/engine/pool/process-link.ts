/** The `process` backend: one OS process per pool worker, its heap capped by --max-old-space-size. */
import type { ProcessSpawner } from './spawner';
import type { WorkerEnd, WorkerLink } from './worker-link';

/** 134 = 128 + SIGABRT, as a shell or Electron reports an abort. */
const ABORT_EXIT_CODE = 134;

function describeProcessEnd(
  code: number | null,
  signal: string | null,
  memoryMb: number,
): WorkerEnd {
  // V8 aborts the process when it reaches the heap limit.
  if (signal === 'SIGABRT' || code === ABORT_EXIT_CODE) {
    return {
      kind: 'oom',
      message: `worker ran out of memory (aborted at heap limit ${memoryMb} MB)`,
    };
  }
  if (signal === 'SIGKILL') {
    return {
      kind: 'crash',
      message: 'worker process was killed (SIGKILL; the system may be out of memory)',
    };
  }
  const how = signal === null ? `with code ${code}` : `by signal ${signal}`;
  return { kind: 'crash', message: `worker process exited unexpectedly ${how}` };
}

export function startProcess(spawn: ProcessSpawner, script: string, memoryMb: number): WorkerLink {
  const channel = spawn(script, { execArgv: [`--max-old-space-size=${memoryMb}`] });
  return {
    send: (message) => channel.send(message),
    onMessage: (listener) => channel.onMessage(listener),
    onExit: (listener) =>
      channel.onExit((code, signal) => listener(describeProcessEnd(code, signal, memoryMb))),
    terminate: () => channel.kill(),
  };
}
