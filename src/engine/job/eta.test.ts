import { describe, expect, it } from 'vitest';
import { EtaEstimator, MEASURE_MS } from './eta';

const MB = 1_000_000;
const TICK_MS = 100;

/**
 * Feeds the estimator a simulated run as the progress tracker would, 10 times a second: bytes
 * done by time `t` from `bytesAt`. Returns each tick's estimate next to the true time left.
 */
function simulate(bytesAt: (t: number) => number, total: number, endMs: number) {
  const eta = new EtaEstimator();
  const ticks: { t: number; estimate: number | null; truth: number }[] = [];
  for (let t = 0; t <= endMs; t += TICK_MS) {
    ticks.push({ t, estimate: eta.estimate(t, bytesAt(t), total), truth: endMs - t });
  }
  return ticks;
}

describe('EtaEstimator', () => {
  // Workers start for 3 s, then 1 MB/s until 100 MB are done at 103 s.
  const startUp = (t: number) => Math.max(0, Math.min(100 * MB, ((t - 3000) / 1000) * MB));

  it('gives no estimate before progress has been measured for a while', () => {
    const ticks = simulate(startUp, 100 * MB, 103_000);
    const first = ticks.find((tick) => tick.estimate !== null);
    expect(first?.t).toBeGreaterThanOrEqual(3000 + MEASURE_MS);
  });

  it('leaves start-up out: the first estimate is close, not several times too long', () => {
    const ticks = simulate(startUp, 100 * MB, 103_000);
    for (const { estimate, truth } of ticks) {
      if (estimate === null) continue;
      expect(Math.abs(estimate - truth)).toBeLessThanOrEqual(Math.max(2000, truth * 0.1));
    }
  });

  it('counts down smoothly when progress comes in big steps', () => {
    // A convert that reports only when each 10 MB file is done: 0.5 MB/s on average.
    const steps = (t: number) => Math.min(100 * MB, Math.floor(t / 20_000) * 10 * MB);
    // The last tick, where every byte is done and the ETA drops to 0, is the end, not a jump.
    const ticks = simulate(steps, 100 * MB, 200_000).filter(
      (tick) => tick.estimate !== null && tick.truth > 0,
    );
    expect(ticks.length).toBeGreaterThan(0);
    for (let i = 1; i < ticks.length; i++) {
      const previous = ticks[i - 1]?.estimate ?? 0;
      const current = ticks[i]?.estimate ?? 0;
      // Never a jump of more than a few seconds from one tick to the next.
      expect(Math.abs(current - previous)).toBeLessThanOrEqual(5000);
    }
    for (const { estimate, truth, t } of ticks) {
      if (t > 60_000) expect(estimate ?? 0).toBeLessThanOrEqual(truth * 2 + 20_000);
    }
  });

  it('is 0 once every byte is done', () => {
    expect(new EtaEstimator().estimate(10, 5, 5)).toBe(0);
  });
});
