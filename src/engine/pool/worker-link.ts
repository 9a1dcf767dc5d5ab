/**
 * The pool's view of one running worker, whatever the backend: send messages, hear messages,
 * learn once how it ended, and end it.
 */
import type { XmlError } from '../../shared/results';
import type { ToWorker } from './protocol';
import type { FaultKind } from './types';

/** How a worker ended, as far as its host can tell. The pool overrides it when it ended the worker itself. */
export interface WorkerEnd {
  kind: Exclude<FaultKind, 'timeout'>;
  message: string;
}

export interface WorkerLink {
  send(message: ToWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called exactly once, when the worker is gone. */
  onExit(listener: (end: WorkerEnd) => void): void;
  /** Ends the worker even if it is stuck in a busy loop; onExit follows. */
  terminate(): void;
}

export function faultError(kind: FaultKind, message: string): XmlError {
  return { kind, line: null, column: null, offset: null, message };
}
