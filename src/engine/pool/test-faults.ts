/**
 * Fault injection for the pool's tests: real crashes, heap exhaustion and hangs in real workers.
 *
 * Active ONLY when the worker's environment has XMLPOOL_TEST_FAULTS=1; in every other run this
 * module does nothing. When active, a file whose base name contains
 * - `__crash__` makes the worker exit abruptly (process.exit(70): the thread or process ends);
 * - `__throw__` throws an uncaught exception outside the task;
 * - `__oom__` allocates until V8's heap limit (resourceLimits / --max-old-space-size) kills it;
 * - `__hang__` spins forever in a busy loop that ignores the abort signal;
 * - `__grow__` gets a comment appended (the file changes between planning and reading);
 * - `__recycle__` asks for the worker to be replaced after its unit (TaskContext.recycle);
 * just before the worker processes that file (or each chunk of it); and
 * - `__huge_result__` is not processed: the worker sends a result of ~10 MB of JSON instead,
 *   past the worker's own result budget, as a worker with a bug would.
 * - `__gate__` waits until a file named `xmlpool-test-gate-open` exists in the worker's temp
 *   folder (os.tmpdir()): a test decides when such a file runs, so it can act while results are
 *   still due, whatever the machine's speed.
 * In a file split by row tag, `__hangsplit__` makes every chunk but the first hang, so the first
 * chunk's part file stays on disk for as long as a test needs it.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { FileResult } from '../../shared/results';
import type { TaskName } from '../../shared/tasks';
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
  if (name.includes('__grow__')) appendFileSync(file.path, '<!-- grown -->\n');
  if (name.includes('__hang__')) hang();
  if (name.includes('__gate__')) await gateOpened();
}

/** The name of the file a test creates in the worker's temp folder to let `__gate__` files run. */
export const GATE_FILE_NAME = 'xmlpool-test-gate-open';

async function gateOpened(): Promise<void> {
  const gate = join(tmpdir(), GATE_FILE_NAME);
  // Polling a file the test creates: the test, not a clock, decides when the file runs.
  while (!existsSync(gate)) await new Promise((resolve) => setTimeout(resolve, 20));
}

function hang(): never {
  for (;;) {
    // Busy loop: never yields, never checks the signal.
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
      if (unit.chunk.seq > 0 && basename(unit.file.path).includes('__hangsplit__')) hang();
      await triggerTestFault(unit.file, ctx);
      await run(unit, ctx, emit);
      return;
    }
    for (const file of unit.files) {
      if (ctx.signal.aborted) return;
      await triggerTestFault(file, ctx);
      if (basename(file.path).includes('__huge_result__')) {
        emit({ kind: 'file', result: hugeResult(file, ctx.options.task, ctx.workerId) });
        continue;
      }
      await run({ kind: 'files', files: [file] }, ctx, emit);
    }
  };
}

/** A stats result of ~10 MB of JSON: 1,000 paths of 10,000 characters. */
export function hugeResult(file: FileRef, task: TaskName, workerId: number): FileResult {
  const path = `/${'p'.repeat(9_999)}`;
  return {
    file: file.path,
    index: file.index,
    task,
    ok: true,
    bytes: file.size,
    elements: 1,
    errorMode: 'first-fatal',
    errors: [],
    encoding: 'UTF-8',
    durationMs: 0,
    workerId,
    attempts: 1,
    stats: {
      elements: 1,
      attributes: 0,
      textBytes: 0,
      maxDepth: 1,
      root: 'p',
      encoding: 'UTF-8',
      namespaces: [],
      namespacesTruncated: false,
      paths: Array.from({ length: 1_000 }, () => ({ path, count: 1 })),
      pathsTruncated: false,
    },
  };
}
