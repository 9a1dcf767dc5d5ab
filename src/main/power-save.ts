/** Keeps the machine from suspending the app while a job runs ('prevent-app-suspension'). */
import { powerSaveBlocker } from 'electron';
import type { JobProgress } from '../shared/progress';

export function createPowerSaveGuard(): (progress: JobProgress) => void {
  let blockerId: number | null = null;
  return (progress) => {
    const running = progress.state === 'running' || progress.state === 'cancelling';
    if (running && blockerId === null) {
      blockerId = powerSaveBlocker.start('prevent-app-suspension');
    } else if (!running && blockerId !== null) {
      powerSaveBlocker.stop(blockerId);
      blockerId = null;
    }
  };
}
