import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../../shared/results';
import { ResultsStore } from './results-store';

function result(index: number, ok: boolean, file = `/in/f${index}.xml`): FileResult {
  return {
    file,
    index,
    task: 'validate',
    ok,
    bytes: 100,
    elements: 3,
    errorMode: 'first-fatal',
    errors: ok ? [] : [{ kind: 'syntax', line: 1, column: 2, offset: 1, message: 'bad' }],
    encoding: 'UTF-8',
    durationMs: 1,
    workerId: 1,
    attempts: 1,
  };
}

describe('ResultsStore', () => {
  it('lists batches in input order whatever order they complete in', () => {
    const store = new ResultsStore();
    store.append([result(3, true), result(0, false)]);
    store.append([result(1, true)]);
    const view = store.get();
    expect(view.all.map((r) => r.index)).toEqual([0, 1, 3]);
    expect(view.failed.map((r) => r.index)).toEqual([0]);
    expect(view.ok).toBe(2);
    expect(view.byFile('/in/f3.xml')?.index).toBe(3);
  });

  it('counts the files a cancel stopped or skipped apart from the failed ones', () => {
    const store = new ResultsStore();
    const skipped = result(2, false);
    skipped.errors = [
      { kind: 'cancelled', line: null, column: null, offset: null, message: 'cancelled' },
    ];
    store.append([result(0, true), result(1, false), skipped]);
    const view = store.get();
    expect(view.ok).toBe(1);
    expect(view.failed.map((r) => r.index)).toEqual([1]);
    expect(view.cancelled).toBe(1);
    expect(view.all).toHaveLength(3);
  });

  it('keeps one result per file, the latest', () => {
    const store = new ResultsStore();
    store.append([result(0, false)]);
    store.append([result(0, true)]);
    expect(store.get().all).toHaveLength(1);
    expect(store.get().failed).toHaveLength(0);
  });

  it('publishes a new view only after a change, and notifies subscribers', () => {
    const store = new ResultsStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => {
      calls += 1;
    });
    const before = store.get();
    expect(store.get()).toBe(before);
    store.append([result(0, true)]);
    expect(store.get()).not.toBe(before);
    store.append([]);
    store.replace([result(5, false)]);
    expect(store.get().all.map((r) => r.index)).toEqual([5]);
    unsubscribe();
    store.clear();
    expect(calls).toBe(2);
    expect(store.get().all).toHaveLength(0);
  });
});
