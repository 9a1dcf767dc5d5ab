/**
 * Runs one work unit inside a worker and emits one output per file (or per chunk) as soon as it
 * is done, so a later crash or cancel cannot lose it.
 */
import type { FileResult } from '../../shared/results';
import type { TaskName } from '../../shared/tasks';
import { resultWithinBudget } from '../results/result-budget';
import { runChunk } from '../split/run-chunk';
import { statsFile } from './stats';
import type { FileRef, TaskContext, UnitOutput, WorkUnit } from './types';
import { validateFile } from './validate';

type FileTask = (file: FileRef, ctx: TaskContext) => Promise<FileResult>;

const FILE_TASKS: Record<TaskName, FileTask> = {
  validate: validateFile,
  stats: statsFile,
  // Loaded on first use: fast-xml-parser adds ~45 ms to every worker's start otherwise.
  convert: async (file, ctx) => (await import('./convert')).convertFile(file, ctx),
  extract: async (file, ctx) => (await import('./extract')).extractFile(file, ctx),
};

export async function runUnit(
  unit: WorkUnit,
  ctx: TaskContext,
  emit: (output: UnitOutput) => void,
): Promise<void> {
  if (unit.kind === 'chunk') {
    emit({
      kind: 'chunk',
      file: unit.file,
      seq: unit.chunk.seq,
      result: await runChunk(unit, ctx),
    });
    return;
  }
  const task = FILE_TASKS[ctx.options.task];
  for (const file of unit.files) {
    if (ctx.signal.aborted) return;
    emit({ kind: 'file', result: resultWithinBudget(await task(file, ctx), file.path) });
  }
}
