import { memo } from 'react';
import type { WorkerProgress } from '../../../shared/progress';
import {
  baseName,
  formatBytes,
  formatCount,
  formatMegabytesPerSecond,
  formatPercent,
  fraction,
} from '../format';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';

interface WorkerLaneProps {
  worker: WorkerProgress;
}

const IDLE_TEXT: Record<WorkerProgress['state'], string> = {
  starting: 'starting…',
  idle: 'waiting for work',
  busy: '…',
  exited: '—',
};

function rangeText(worker: WorkerProgress): string {
  if (!worker.range) return '';
  return ` (bytes ${formatBytes(worker.range.start)}–${formatBytes(worker.range.end)})`;
}

/** One fixed-height row per worker; every number sits in a fixed-width cell. */
export const WorkerLane = memo(function WorkerLane({ worker }: WorkerLaneProps) {
  const busy = worker.state === 'busy';
  const file = busy && worker.file !== null ? worker.file : null;
  const done = busy ? fraction(worker.bytesDone, worker.bytesTotal) : 0;
  return (
    <li
      className="worker-lane"
      data-testid="worker-lane"
      data-worker-id={worker.id}
      data-state={worker.state}
    >
      <span className="lane-id numeric">#{worker.id}</span>
      <StatusBadge status={worker.state} />
      <span className="lane-file" title={file ? `${file}${rangeText(worker)}` : undefined}>
        {file ? baseName(file) : <span className="muted">{IDLE_TEXT[worker.state]}</span>}
      </span>
      <ProgressBar value={done} label={`Worker ${worker.id} progress`} className="lane-bar" />
      <span className="lane-rate numeric" title="Recent throughput">
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
