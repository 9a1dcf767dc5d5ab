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
  child.once('exit', () => {
    exited = true;
  });
  return {
    send: (message) => {
      // A message to a process that has just died is dropped; its exit is reported by onExit.
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message)),
    // Utility processes report no signal: a killed worker shows as a non-zero code.
    onExit: (listener) => child.once('exit', (code) => listener(code, null)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
};
