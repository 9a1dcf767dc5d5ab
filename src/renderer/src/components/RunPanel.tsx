import { JobControls } from './JobControls';
import { OverallProgress } from './OverallProgress';
import { WorkerLanes } from './WorkerLanes';

/** Job controls and live progress. */
export function RunPanel() {
  return (
    <>
      <JobControls />
      <section className="panel progress-panel" aria-label="Progress">
        <OverallProgress />
        <WorkerLanes />
      </section>
    </>
  );
}
