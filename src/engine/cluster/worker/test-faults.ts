/**
 * Faults of a whole remote worker, for the cluster's tests. Active ONLY when the worker's
 * environment has XMLPOOL_TEST_FAULTS=1 (like ../../pool/test-faults.ts, whose file-name hooks
 * its local pool still honours). A unit holding a file whose base name contains
 * - `__kill-worker__` kills the `xmlpool worker` process itself (SIGKILL), at every delivery;
 * - `__stall__` stops the unit on its first delivery: it neither runs nor keeps its message
 *   alive, like a frozen worker, so the server delivers it again after ack_wait.
 * Both are logged first, so a test can wait for them.
 */
import { basename } from 'node:path';
import type { WorkUnit } from '../../tasks/types';

export async function remoteTestFault(
  work: WorkUnit,
  delivery: number,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<'stalled' | null> {
  if (process.env.XMLPOOL_TEST_FAULTS !== '1') return null;
  const names = (work.kind === 'files' ? work.files : [work.file]).map((file) =>
    basename(file.path),
  );
  if (names.some((name) => name.includes('__kill-worker__'))) {
    log('test fault: killing this worker');
    process.kill(process.pid, 'SIGKILL');
  }
  if (delivery === 1 && names.some((name) => name.includes('__stall__'))) {
    log('test fault: stalled');
    await new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    return 'stalled';
  }
  return null;
}
