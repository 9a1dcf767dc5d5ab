/**
 * The pool of a job that turned out to have nothing to run (an empty folder, only missing
 * files): no worker is started. A worker thread takes ~50 ms to boot, and once spawned it cannot
 * be ended sooner (terminate waits for the boot), so an empty run would otherwise pay for it.
 */
import type { FileRef } from '../tasks/types';
import type { UnitOutcome, UnitPool } from './types';

export function idlePool(): UnitPool {
  return {
    // A job plans no unit when it has no runnable file; one that arrives anyway is cancelled,
    // so its files are reported rather than lost.
    submit: (unit): Promise<UnitOutcome> => {
      const unfinished: FileRef[] = unit.kind === 'files' ? [...unit.files] : [unit.file];
      return Promise.resolve({ status: 'cancelled', unfinished, failures: [] });
    },
    resize: () => undefined,
    cancel: () => undefined,
    snapshot: () => [],
    close: () => Promise.resolve(),
  };
}
