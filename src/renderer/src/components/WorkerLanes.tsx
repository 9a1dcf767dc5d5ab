import type { CSSProperties } from 'react';
import { isActive } from '../state/session';
import { useSession } from '../state/session-context';
import { useStore, useStoreSelector } from '../state/use-store';
import { WorkerLane } from './WorkerLane';

/**
 * The lanes area keeps the height of up to four lanes (two in a short window, more on tall
 * screens) whatever the number of workers, so lanes appearing, or the pool growing and
 * shrinking, never moves the results below; extra lanes scroll. A lane a shrink retired stays,
 * marked retired, so the lanes' counts add up to the job's.
 */
export function WorkerLanes() {
  const session = useSession();
  const progress = useStore(session.progress);
  const jobActive = useStoreSelector(session.job, (job) => isActive(job.state));
  const cores = useStoreSelector(session.availability, (a) =>
    a.kind === 'ready' ? a.info.cores : 0,
  );
  const nextWorkers = useStoreSelector(session.form, (form) => form.workers);
  const workers = progress?.workers ?? [];
  const live = workers.filter((w) => w.state !== 'exited' && w.state !== 'retired').length;
  const used = workers.length;
  let summary = '';
  if (progress && jobActive) summary = `${live} live · target ${progress.targetWorkers}`;
  else if (progress) {
    summary = `last run: ${used} ${used === 1 ? 'worker' : 'workers'} · next: ${nextWorkers}`;
  }
  return (
    <div className="lanes" style={laneStyle(cores)}>
      <div className="lanes-header">
        <h3>Workers</h3>
        <span className="muted numeric" data-testid="lanes-summary">
          {summary}
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
              filePath={worker.file === null ? '' : session.inputs.pathOf(worker.file)}
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
