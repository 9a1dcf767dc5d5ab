/** The default ProcessSpawner: child_process.fork, as used by the CLI and the browser-mode server. */
import type { ProcessSpawner } from './spawner';

/** How long a process asked to stop may take before it is killed outright. */
const KILL_GRACE_MS = 2000;

export const forkProcess: ProcessSpawner = (script, options) => {
  // Loaded on first use: most runs use threads, and loading child_process cost ~5 ms before
  // the first worker of every run could start.
  const { fork } = process.getBuiltinModule('node:child_process');
  const child = fork(script, [], {
    execArgv: options.execArgv,
    env: options.env ?? process.env,
    serialization: 'json',
    // The worker's stdout goes to our stderr: the CLI's stdout carries results only.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  // Sending to a process that has just died fails; its exit is reported through onExit instead.
  child.on('error', () => {});
  return {
    send: (message) => {
      if (child.connected && typeof message === 'object' && message !== null) {
        child.send(message, () => {});
      }
    },
    onMessage: (listener) => child.on('message', listener),
    // 'close', not 'exit': it comes after the IPC channel has delivered every message, so a
    // worker's last words (its fatal error) are heard before its end is reported.
    onExit: (listener) => child.once('close', listener),
    kill: () => {
      if (exited) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, KILL_GRACE_MS);
      force.unref();
    },
  };
};
