export { checkJobOptions } from './check-options';
export { JobSetupError } from './setup-error';
export { startJob } from './start-job';
export type {
  JobEnvironment,
  JobHandle,
  JobHooks,
  JobInputs,
  JobSummary,
  JobTable,
  JobTimelineReader,
} from './types';
