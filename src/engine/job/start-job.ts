/**
 * Starts a job: one task over a list of inputs on a worker pool. Returns at once; `done`
 * resolves with the summary when every input has its result, or rejects with a JobSetupError
 * when the job cannot start as asked (nothing is processed then).
 */
import { randomUUID } from 'node:crypto';
import type { JobOptions } from '../../shared/tasks';
import { JobRun } from './job-run';
import type { JobEnvironment, JobHandle, JobHooks, JobInputs } from './types';

export function startJob(
  inputs: JobInputs,
  options: JobOptions,
  env: JobEnvironment,
  hooks: JobHooks = {},
): JobHandle {
  const run = new JobRun(randomUUID(), inputs, options, env, hooks);
  return {
    id: run.id,
    resize: (workers) => run.resize(workers),
    cancel: () => run.cancel(),
    abortNow: () => run.abortNow(),
    removeTempFilesNow: () => run.removeTempFilesNow(),
    timeline: run.timeline,
    done: run.done(),
  };
}
