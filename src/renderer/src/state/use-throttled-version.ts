import { useEffect, useState } from 'react';
import type { TimelineStore } from './timeline-store';

/**
 * The timeline's version, but changing at most once per `intervalMs` (and at once when the job
 * ends): for views whose work grows with the number of tasks (charts, balance), which need not
 * follow every 10 Hz update.
 */
export function useThrottledVersion(store: TimelineStore, intervalMs: number): number {
  const [version, setVersion] = useState(store.get());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const take = (): void => {
      timer = null;
      last = performance.now();
      setVersion(store.get());
    };
    const unsubscribe = store.subscribe(() => {
      if (store.model.finished) {
        if (timer !== null) clearTimeout(timer);
        take();
      } else if (timer === null) {
        timer = setTimeout(take, Math.max(0, last + intervalMs - performance.now()));
      }
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, intervalMs]);
  return version;
}
