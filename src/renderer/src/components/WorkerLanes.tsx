import type { CSSProperties } from 'react';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { useStore, useStoreSelector } from '../state/use-store';
import { WorkerLane } from './WorkerLane';

interface WorkerLanesProps {
  cores: number;
}

/**
 * The lanes area keeps the height of up to four lanes (more on tall screens) whatever the
 * number of workers, so lanes appearing, or the pool growing and shrinking, never moves the
 * results below; extra lanes scroll.
 */
export function WorkerLanes({ cores }: WorkerLanesProps) {
  const session = useSession();
  const progress = useStore(session.progress);
  const jobActive = useStoreSelector(session.job, (job) => isActive(job.state));
  const workers = progress?.workers ?? [];
  const target = progress?.targetWorkers;
  const live = workers.filter((worker) => worker.state !== 'exited').length;
  return (
    <div className="lanes" style={laneStyle(cores)}>
      <div className="lanes-header">
        <h3>Workers</h3>
        <span className="muted numeric">
          {target === undefined ? '' : `${live} live · target ${target}`}
        </span>
      </div>
      {workers.length === 0 ? (
        <div className="lanes-body empty-state">Worker lanes appear here while a job runs.</div>
      ) : (
        <ul className="lanes-body" aria-label="Worker lanes">
          {workers.map((worker) => (
            <WorkerLane
              key={worker.id}
              worker={worker}
              fileName={worker.file === null ? '' : session.inputs.nameOf(worker.file)}
              jobActive={jobActive}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

/** React's CSSProperties has no custom properties; this widens it for the one the CSS reads. */
type LaneStyle = CSSProperties & Record<'--lane-count', number>;

function laneStyle(cores: number): LaneStyle {
  return { '--lane-count': Math.max(1, cores) };
}
