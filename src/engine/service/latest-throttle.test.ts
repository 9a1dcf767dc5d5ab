import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchBuffer } from './batch-buffer';
import { LatestThrottle } from './latest-throttle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LatestThrottle', () => {
  it('sends at most once per interval, always the latest value, and flushes on demand', () => {
    const sent: number[] = [];
    const throttle = new LatestThrottle<number>(100, (value) => sent.push(value));
    throttle.push(1); // first value goes at once
    for (let i = 2; i <= 50; i++) {
      vi.advanceTimersByTime(5);
      throttle.push(i);
    }
    // Pushes every 5 ms for 245 ms: sent at 0 ms, then by the trailing timer at 100 and 200 ms,
    // each time the value pushed just before (i = 20 at 95 ms, i = 40 at 195 ms).
    expect(sent).toEqual([1, 20, 40]);
    throttle.push(99);
    throttle.flush();
    expect(sent).toEqual([1, 20, 40, 99]);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1, 20, 40, 99]);
  });
});

describe('BatchBuffer', () => {
  it('groups items pushed within an interval into one batch', () => {
    const batches: string[][] = [];
    const buffer = new BatchBuffer<string>(100, (batch) => batches.push(batch));
    buffer.push('a');
    buffer.push('b');
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(100);
    buffer.push('c');
    buffer.flush();
    buffer.flush();
    expect(batches).toEqual([['a', 'b'], ['c']]);
  });
});
