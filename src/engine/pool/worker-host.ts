/**
 * The worker's line to the pool, whatever started it. One script serves three hosts:
 * - worker_threads: `parentPort` from node:worker_threads;
 * - child_process.fork: `process.send` / `process.on('message')`;
 * - Electron's utilityProcess: `process.parentPort`, whose message events wrap the data as `{ data }`.
 * Electron is detected by shape, never imported, so this file runs under plain Node too.
 */
import { isMainThread, parentPort } from 'node:worker_threads';

export interface WorkerHost {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /**
   * Worker processes only: sends a last message and ends the process once it is on its way. (A
   * thread needs none: its uncaught error reaches the pool through the Worker's 'error' event.)
   */
  sendAndExit?(message: unknown, code: number): void;
}

/** The part of Electron's `process.parentPort` (a MessagePortMain) this file uses. */
interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: unknown) => void): void;
}

function isUtilityParentPort(value: unknown): value is UtilityParentPort {
  if (typeof value !== 'object' || value === null) return false;
  return (
    'postMessage' in value &&
    typeof value.postMessage === 'function' &&
    'on' in value &&
    typeof value.on === 'function'
  );
}

function dataOf(event: unknown): unknown {
  return typeof event === 'object' && event !== null && 'data' in event ? event.data : undefined;
}

/** Returns null when the script was not started as a pool worker. */
export function connectToPool(): WorkerHost | null {
  if (!isMainThread && parentPort) {
    const port = parentPort;
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => port.on('message', listener),
    };
  }
  const utilityPort: unknown = Reflect.get(process, 'parentPort');
  if (isUtilityParentPort(utilityPort)) {
    return {
      send: (message) => utilityPort.postMessage(message),
      onMessage: (listener) => utilityPort.on('message', (event) => listener(dataOf(event))),
      // postMessage has no completion callback: give it one turn of the loop to go out.
      sendAndExit: (message, code) => {
        utilityPort.postMessage(message);
        setImmediate(() => process.exit(code));
      },
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    // The pool is our only reason to live: when the IPC channel closes, leave.
    process.on('disconnect', () => process.exit(0));
    return {
      send: (message) => {
        send(message);
      },
      onMessage: (listener) => process.on('message', listener),
      sendAndExit: (message, code) => {
        send(message, undefined, undefined, () => process.exit(code));
      },
    };
  }
  return null;
}
