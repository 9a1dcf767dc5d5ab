/**
 * What the HTML report carries for its script: the run's summary, its timeline and one row per
 * file, as JSON in a `<script type="application/json">` block (data, not code: its CSP has no
 * say over it). The engine writes it (src/engine/html-report); the report's script
 * (src/report-app) reads and checks it.
 */
import type { FileResult } from './results';
import type { Backend, TaskName } from './tasks';
import { isTimelineUpdate, type TimelineUpdate } from './timeline';

export const REPORT_DATA_ID = 'xmlpool-report-data';

export type ReportFileStatus = 'ok' | 'failed' | 'cancelled';

export interface ReportSummary {
  task: TaskName;
  state: 'done' | 'cancelled';
  files: number;
  ok: number;
  failed: number;
  cancelled: number;
  bytes: number;
  elapsedMs: number;
  /** When the run started, ms since the Unix epoch. */
  startedAt: number;
  workers: number;
  backend: Backend;
  rowTag: string | null;
  /** The xmlpool version that ran it. */
  version: string;
}

export interface ReportFile {
  index: number;
  /** The name the report shows: relative to its folder (or as the user dropped it). */
  name: string;
  status: ReportFileStatus;
  bytes: number;
  durationMs: number;
  workerId: number | null;
  attempts: number;
  error: { kind: string; line: number | null; column: number | null; message: string } | null;
}

export interface ReportData {
  summary: ReportSummary;
  timeline: TimelineUpdate;
  files: ReportFile[];
}

/** Files a cancel stopped or never reached were not run: not the same as broken. */
export function statusOf(result: Pick<FileResult, 'ok' | 'errors'>): ReportFileStatus {
  if (result.ok) return 'ok';
  return result.errors[0]?.kind === 'cancelled' ? 'cancelled' : 'failed';
}

export function reportFileOf(result: FileResult, name: string): ReportFile {
  const error = result.errors[0];
  return {
    index: result.index,
    name,
    status: statusOf(result),
    bytes: result.bytes,
    durationMs: Math.round(result.durationMs * 10) / 10,
    workerId: result.workerId,
    attempts: result.attempts,
    error:
      error === undefined
        ? null
        : { kind: error.kind, line: error.line, column: error.column, message: error.message },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isReportFile(value: unknown): value is ReportFile {
  return (
    isRecord(value) &&
    typeof value.index === 'number' &&
    typeof value.name === 'string' &&
    (value.status === 'ok' || value.status === 'failed' || value.status === 'cancelled') &&
    typeof value.bytes === 'number' &&
    typeof value.durationMs === 'number' &&
    (value.workerId === null || typeof value.workerId === 'number') &&
    (value.error === null || (isRecord(value.error) && typeof value.error.message === 'string'))
  );
}

export function isReportData(value: unknown): value is ReportData {
  return (
    isRecord(value) &&
    isRecord(value.summary) &&
    typeof value.summary.task === 'string' &&
    typeof value.summary.files === 'number' &&
    isTimelineUpdate(value.timeline) &&
    Array.isArray(value.files) &&
    value.files.every(isReportFile)
  );
}
