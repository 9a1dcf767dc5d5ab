import { useSession } from '../state/session-context';
import { useStoreSelector } from '../state/use-store';
import { JobControls } from './JobControls';
import { OverallProgress } from './OverallProgress';
import { WorkerLanes } from './WorkerLanes';

/** Job controls and live progress; remounts its form when the core count becomes known. */
export function RunPanel() {
  const session = useSession();
  const cores = useStoreSelector(session.availability, (a) =>
    a.kind === 'ready' ? a.info.cores : 0,
  );
  return (
    <>
      <JobControls key={cores} cores={cores} />
      <section className="panel progress-panel" aria-label="Progress">
        <OverallProgress />
        <WorkerLanes cores={cores} />
      </section>
    </>
  );
}
