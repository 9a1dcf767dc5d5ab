import { describe, expect, it } from 'vitest';
import type { JobProgress, WorkerProgress } from '../shared/progress';
import { progressLines } from './progress-lines';

const busy: WorkerProgress = {
  id: 1,
  state: 'busy',
  backend: 'thread',
  file: '/data/very/long/path/big.xml',
  range: { start: 0, end: 4_000_000 },
  bytesDone: 1_000_000,
  bytesTotal: 4_000_000,
  tasksDone: 3,
  busyMs: 900,
  utilization: 0.9,
  bytesPerSecond: 50_000_000,
};

const progress: JobProgress = {
  jobId: 'j',
  state: 'running',
  filesDone: 1234,
  filesTotal: 5000,
  bytesDone: 450_000_000,
  bytesTotal: 1_000_000_000,
  ok: 1200,
  failed: 34,
  cancelled: 0,
  bytesPerSecond: 120_000_000,
  etaMs: 62_000,
  elapsedMs: 12_000,
  targetWorkers: 2,
  workers: [busy, { ...busy, id: 2, state: 'idle', file: null, range: null }],
};

describe('progress lines', () => {
  it('shows one line per worker and an overall bar with the ETA', () => {
    const lines = progressLines(progress, 200);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('#1');
    expect(lines[0]).toContain('25%');
    expect(lines[0]).toContain('big.xml');
    expect(lines[1]).toContain('idle');
    expect(lines[2]).toContain('45%');
    expect(lines[2]).toContain('1,234/5,000 files, 34 failed');
    const cancelled = progressLines({ ...progress, cancelled: 12 }, 200);
    expect(cancelled[2]).toContain('1,234/5,000 files, 34 failed, 12 cancelled');
    expect(lines[2]).toContain('120 MB/s');
    expect(lines[2]).toContain('ETA 1m 02s');
  });

  it('never draws a line wider than the terminal', () => {
    for (const line of progressLines(progress, 40)) expect(line.length).toBeLessThan(40);
  });

  it('escapes control characters in a file name instead of sending them to the terminal', () => {
    const hostile = { ...busy, file: '/data/\x1b]0;owned\x07\x1b[2J\nfake line.xml' };
    const [line] = progressLines({ ...progress, workers: [hostile] }, 200);
    for (const char of line ?? '') expect(char.charCodeAt(0)).toBeGreaterThanOrEqual(0x20);
    expect(line).toContain('\\x1b]0;owned\\x07\\x1b[2J\\nfake line.xml');
  });

  it('names a remote worker by its host, with control characters escaped', () => {
    const remote = { ...busy, host: 'rack-7\u001b[2J' };
    const [line] = progressLines({ ...progress, workers: [remote] }, 200);
    expect(line).toMatch(/^ +#1 rack-7\\x1b\[2J busy/);
    expect(line).not.toContain('\u001b');
  });
});
