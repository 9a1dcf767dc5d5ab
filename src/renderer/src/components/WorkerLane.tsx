import { memo } from 'react';
import type { WorkerProgress } from '../../../shared/progress';
import {
  formatBytes,
  formatCount,
  formatMegabytesPerSecond,
  formatPercent,
  fraction,
} from '../format';
import { FileName } from './FileName';
import { LaneHost } from './LaneHost';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';

interface WorkerLaneProps {
  worker: WorkerProgress;
  /** Display name (relative path) of the worker's current file, '' when it has none. */
  fileName: string;
  /** Its full path as the user knows it. */
  filePath: string;
  /** The job is still running, so an idle worker is waiting for work rather than finished. */
  jobActive: boolean;
}

function idleText(state: WorkerProgress['state'], jobActive: boolean): string {
  if (state === 'starting') return 'starting…';
  if (state === 'exited') return 'stopped';
  if (state === 'retired') return 'retired by a resize';
  return jobActive ? 'waiting for work' : 'finished';
}

function rangeText(worker: WorkerProgress): string {
  if (!worker.range) return '';
  return ` (bytes ${formatBytes(worker.range.start)}–${formatBytes(worker.range.end)})`;
}

/** One fixed-height row per worker; every number sits in a fixed-width cell. */
export const WorkerLane = memo(function WorkerLane({
  worker,
  fileName,
  filePath,
  jobActive,
}: WorkerLaneProps) {
  const busy = worker.state === 'busy';
  const file = busy && worker.file !== null ? worker.file : null;
  const done = busy ? fraction(worker.bytesDone, worker.bytesTotal) : 0;
  return (
    <li
      className="worker-lane"
      data-testid="worker-lane"
      data-worker-id={worker.id}
      data-state={worker.state}
      data-host={worker.host}
    >
      <span className="lane-id numeric">#{worker.id}</span>
      <StatusBadge status={worker.state} />
      {file ? (
        <span className="lane-file">
          <LaneHost host={worker.host} />
          <FileName name={fileName} title={`${filePath}${rangeText(worker)}`} />
        </span>
      ) : (
        <span className="lane-file muted">
          <LaneHost host={worker.host} />
          {idleText(worker.state, jobActive)}
        </span>
      )}
      <ProgressBar value={done} label={`Worker ${worker.id} progress`} className="lane-bar" />
      <span className="lane-rate numeric" title="Recent throughput" data-busy={busy}>
        {formatMegabytesPerSecond(busy ? worker.bytesPerSecond : 0)}
      </span>
      <span className="lane-tasks numeric" title="Tasks done">
        {formatCount(worker.tasksDone)} done
      </span>
      <span className="lane-util numeric" title="Utilization: time busy since the worker started">
        {formatPercent(worker.utilization)}
      </span>
    </li>
  );
});
