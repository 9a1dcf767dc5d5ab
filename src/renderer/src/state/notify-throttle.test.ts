import { describe, expect, it } from 'vitest';
import { NotifyThrottle, type ThrottleClock } from './notify-throttle';
import { ValueStore } from './value-store';

/** A clock the test moves by hand: work scheduled `later` runs when `advance` reaches it. */
class ManualClock implements ThrottleClock {
  time = 0;
  private timers: Array<{ at: number; run: () => void }> = [];

  now = (): number => this.time;
  later = (run: () => void, ms: number): void => {
    this.timers.push({ at: this.time + ms, run });
  };

  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((timer) => timer.at <= this.time);
    this.timers = this.timers.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.run();
  }
}

describe('NotifyThrottle', () => {
  it('delivers a change after a quiet spell in the next task', () => {
    const clock = new ManualClock();
    const throttle = new NotifyThrottle(100, clock);
    const calls: string[] = [];
    throttle.request(() => calls.push('a'));
    expect(calls).toEqual([]);
    clock.advance(0);
    expect(calls).toEqual(['a']);
  });

  it('holds changes within the interval until it ends, each notification once', () => {
    const clock = new ManualClock();
    const throttle = new NotifyThrottle(100, clock);
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    throttle.request(a);
    clock.advance(0);
    clock.advance(30);
    throttle.request(a);
    throttle.request(b);
    clock.advance(20);
    throttle.request(a);
    clock.advance(0);
    expect(calls).toEqual(['a']);
    clock.advance(49);
    expect(calls).toEqual(['a']);
    clock.advance(1);
    expect(calls).toEqual(['a', 'a', 'b']);
  });

  it('lets a store change its value at once and notify its readers at the flush', () => {
    const clock = new ManualClock();
    const throttle = new NotifyThrottle(100, clock);
    const store = new ValueStore(0, throttle);
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.get()));
    store.set(1);
    clock.advance(0);
    store.set(2);
    store.set(3);
    expect(store.get()).toBe(3);
    expect(seen).toEqual([1]);
    clock.advance(100);
    expect(seen).toEqual([1, 3]);
  });
});
