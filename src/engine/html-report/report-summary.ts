/** The summary an HTML report opens with, from the job's summary and the options it ran with. */
import type { ReportSummary } from '../../shared/report-data';
import type { JobOptions } from '../../shared/tasks';
import { VERSION } from '../../shared/version';
import type { JobSummary } from '../job';

export function reportSummary(
  summary: Pick<
    JobSummary,
    'state' | 'files' | 'ok' | 'failed' | 'cancelled' | 'bytes' | 'elapsedMs'
  >,
  options: Pick<JobOptions, 'task' | 'workers' | 'backend' | 'rowTag'>,
  startedAt: number,
): ReportSummary {
  return {
    task: options.task,
    state: summary.state,
    files: summary.files,
    ok: summary.ok,
    failed: summary.failed,
    cancelled: summary.cancelled,
    bytes: summary.bytes,
    elapsedMs: summary.elapsedMs,
    startedAt,
    workers: options.workers,
    backend: options.backend,
    rowTag: options.rowTag,
    version: VERSION,
  };
}
