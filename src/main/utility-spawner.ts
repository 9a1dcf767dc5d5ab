/**
 * The `process` backend in the desktop app: pool workers run as Electron utility processes
 * (Node processes managed by Electron, no Node flags needed in the packaged app). The worker
 * side talks over `process.parentPort` (see src/engine/pool/worker-host.ts).
 */
import { utilityProcess } from 'electron';
import type { ProcessSpawner } from '../engine/pool/spawner';

export const forkUtilityProcess: ProcessSpawner = (script, options) => {
  const child = utilityProcess.fork(script, [], {
    execArgv: options.execArgv,
    env: options.env ?? { ...process.env },
    stdio: 'inherit',
    serviceName: 'xmlpool worker',
  });
  let exited = false;
  /** V8 hit a fatal error in the worker (reaching the heap cap is the usual one). */
  let fatalError = false;
  child.once('exit', () => {
    exited = true;
  });
  // Electron reports a V8 fatal error as an 'error' event before 'exit'; unheard, it would be an
  // uncaught exception in main. Node aborts on the same errors, so the exit is reported as the
  // SIGABRT a forked Node worker would show, which the pool reads as "out of memory".
  child.on('error', () => {
    fatalError = true;
  });
  return {
    send: (message) => {
      // A message to a process that has just died is dropped; its exit is reported by onExit.
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message)),
    // Utility processes report an exit code only, never a signal.
    onExit: (listener) =>
      child.once('exit', (code) => listener(code, fatalError ? 'SIGABRT' : null)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
};
