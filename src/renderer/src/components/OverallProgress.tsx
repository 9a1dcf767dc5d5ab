import type { JobProgress } from '../../../shared/progress';
import {
  formatAverageRate,
  formatBytes,
  formatCount,
  formatElapsed,
  formatEta,
  formatPercent,
  formatRate,
  fraction,
} from '../format';
import { useSession } from '../state/session-context';
import { useProgressTitle } from '../state/use-progress-title';
import { useStore } from '../state/use-store';
import { ProgressBar } from './ProgressBar';

/** Bytes measure work better than file counts when sizes differ; files when sizes are unknown. */
function overallFraction(progress: JobProgress | null): number {
  if (!progress) return 0;
  if (progress.state === 'done') return 1;
  return progress.bytesTotal > 0
    ? fraction(progress.bytesDone, progress.bytesTotal)
    : fraction(progress.filesDone, progress.filesTotal);
}

/** While running, the recent rate; afterwards, the run's average (a finished run has no "now"). */
function throughputText(progress: JobProgress | null, active: boolean): string {
  if (!progress) return '—';
  if (active) return formatRate(progress.bytesPerSecond);
  return formatAverageRate(progress.bytesDone, progress.elapsedMs);
}

interface StatProps {
  label: string;
  value: string;
  /** Sets the stat's width class in the CSS, so figures never push each other around. */
  kind: string;
  testId?: string;
  tone?: 'ok' | 'failed' | 'muted';
}

function Stat({ label, value, kind, testId, tone }: StatProps) {
  return (
    <div className="stat" data-kind={kind} data-tone={tone} title={`${label}: ${value}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value numeric" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

export function OverallProgress() {
  const session = useSession();
  const progress = useStore(session.progress);
  const jobState = useStore(session.job).state;
  const failed = progress?.failed ?? 0;
  const cancelled = progress?.cancelled ?? 0;
  const value = overallFraction(progress);
  const active = jobState === 'running' || jobState === 'cancelling';
  useProgressTitle(active ? Math.round(value * 100) : null);

  return (
    <div className="overall" data-testid="overall-progress">
      <div className="overall-bar-row">
        <span className="job-state" role="status" data-state={jobState} data-testid="job-state">
          {jobState}
        </span>
        <ProgressBar value={value} label="Overall progress" className="overall-bar" />
        <span className="overall-percent numeric">{formatPercent(value)}</span>
      </div>
      {/* Every figure always has its place (Cancelled too), so none appears and moves the page. */}
      <div className="overall-stats">
        <Stat
          kind="files"
          label="Files"
          value={
            progress
              ? `${formatCount(progress.filesDone)} / ${formatCount(progress.filesTotal)}`
              : '—'
          }
        />
        <Stat
          kind="data"
          label="Data"
          value={
            progress
              ? `${formatBytes(progress.bytesDone)} / ${formatBytes(progress.bytesTotal)}`
              : '—'
          }
        />
        {progress?.rows !== undefined && (
          <Stat kind="count" label="Rows" value={formatCount(progress.rows)} testId="rows-count" />
        )}
        <Stat kind="rate" label="Throughput" value={throughputText(progress, active)} />
        <Stat
          kind="time"
          label="ETA"
          value={progress && active ? formatEta(progress.etaMs) : '—'}
        />
        <Stat
          kind="time"
          label="Elapsed"
          value={progress ? formatElapsed(progress.elapsedMs) : '—'}
        />
        <Stat
          kind="count"
          label="OK"
          value={formatCount(progress?.ok ?? 0)}
          testId="ok-count"
          tone="ok"
        />
        <Stat
          kind="count"
          label="Failed"
          value={formatCount(failed)}
          testId="failed-count"
          tone="failed"
        />
        <Stat
          kind="count"
          label="Cancelled"
          value={formatCount(cancelled)}
          testId="cancelled-count"
          tone={cancelled > 0 ? undefined : 'muted'}
        />
      </div>
    </div>
  );
}
