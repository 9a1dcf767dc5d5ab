import { describe, expect, it } from 'vitest';
import { StatsCollector } from './stats';
import { scanInChunks, WARM_UP_CHUNK_SIZES, WARM_UP_SAMPLE } from './warm-up';

describe('warm-up sample', () => {
  // The warm-up is only worth anything if the scanner gets through the whole sample: a sample
  // that failed early would leave most paths as cold as before.
  it('is well-formed and scans the same in every chunking it is fed in', () => {
    const bytes = new TextEncoder().encode(WARM_UP_SAMPLE);
    const stats = WARM_UP_CHUNK_SIZES.map((size) => {
      const collector = new StatsCollector();
      scanInChunks(bytes, size, collector);
      return collector.toStats('UTF-8');
    });
    const whole = stats.at(-1);
    expect(whole?.elements).toBeGreaterThan(20);
    expect(whole?.namespaces.length).toBeGreaterThanOrEqual(3);
    for (const each of stats) expect(each).toEqual(whole);
  });
});
