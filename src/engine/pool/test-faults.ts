/**
 * Fault injection for the pool's tests: real crashes, heap exhaustion and hangs in real workers.
 *
 * Active ONLY when the worker's environment has XMLPOOL_TEST_FAULTS=1; in every other run this
 * module does nothing. When active, a file whose base name contains
 * - `__crash__` makes the worker exit abruptly (process.exit(70): the thread or process ends);
 * - `__throw__` throws an uncaught exception outside the task;
 * - `__oom__` allocates until V8's heap limit (resourceLimits / --max-old-space-size) kills it;
 * - `__hang__` spins forever in a busy loop that ignores the abort signal;
 * - `__recycle__` asks for the worker to be replaced after its unit (TaskContext.recycle);
 * just before the worker processes that file.
 */
import { basename } from 'node:path';
import type { FileRef, TaskContext, UnitOutput, WorkUnit } from '../tasks/types';

export function testFaultsEnabled(): boolean {
  return process.env.XMLPOOL_TEST_FAULTS === '1';
}

const retained: unknown[] = [];

export async function triggerTestFault(file: FileRef, ctx: TaskContext): Promise<void> {
  const name = basename(file.path);
  if (name.includes('__recycle__')) ctx.recycle?.();
  if (name.includes('__crash__')) process.exit(70);
  if (name.includes('__throw__')) {
    // Thrown from a fresh macrotask, so no try/catch of the worker can see it; the task never resumes.
    await new Promise<never>(() => {
      setImmediate(() => {
        throw new Error(`test fault: uncaught exception for ${name}`);
      });
    });
  }
  if (name.includes('__oom__')) {
    // 8 MB double arrays live on the V8 heap (unlike typed arrays), so they reach its limit fast.
    // Steps stay small: a worker thread whose one allocation overshoots its limit by more than
    // the extra room Node grants at the limit aborts the whole process instead of just the thread.
    for (let i = 0; ; i++) retained.push(new Array(1 << 20).fill(i + 0.5));
  }
  if (name.includes('__hang__')) {
    for (;;) {
      // Busy loop: never yields, never checks the signal.
    }
  }
}

type RunUnit = (
  unit: WorkUnit,
  ctx: TaskContext,
  emit: (output: UnitOutput) => void,
) => Promise<void>;

/** Wraps `run` so each file of a unit passes the fault hook just before it is processed. */
export function withTestFaults(run: RunUnit): RunUnit {
  return async (unit, ctx, emit) => {
    if (unit.kind === 'chunk') {
      await triggerTestFault(unit.file, ctx);
      await run(unit, ctx, emit);
      return;
    }
    for (const file of unit.files) {
      if (ctx.signal.aborted) return;
      await triggerTestFault(file, ctx);
      await run({ kind: 'files', files: [file] }, ctx, emit);
    }
  };
}
