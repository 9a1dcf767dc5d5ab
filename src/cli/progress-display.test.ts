import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../shared/progress';
import { ProgressDisplay, type Terminal } from './progress-display';

/** Records what the display writes, as a terminal would receive it. */
function terminal(): { stream: Terminal; written: string[] } {
  const written: string[] = [];
  return { stream: { columns: 100, write: (text: string) => written.push(text) }, written };
}

const progress: JobProgress = {
  jobId: 'j',
  state: 'running',
  filesDone: 1,
  filesTotal: 4,
  bytesDone: 10,
  bytesTotal: 40,
  ok: 1,
  failed: 0,
  cancelled: 0,
  bytesPerSecond: 5,
  etaMs: 6000,
  elapsedMs: 2000,
  targetWorkers: 0,
  workers: [],
};

describe('ProgressDisplay', () => {
  it('redraws in place: moves up over its previous lines and clears them first', () => {
    const { stream, written } = terminal();
    const display = new ProgressDisplay(stream);
    display.update(progress);
    expect(written[0]?.startsWith('\x1b')).toBe(false);
    display.update({ ...progress, filesDone: 2 });
    expect(written[1]?.startsWith('\r\x1b[1A\x1b[0J')).toBe(true);
    expect(written[1]).toContain('2/4 files');
    display.clear();
    expect(written[2]).toBe('\r\x1b[1A\x1b[0J');
  });
});
