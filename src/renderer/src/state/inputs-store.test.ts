import { describe, expect, it } from 'vitest';
import type { InputEntry } from '../../../shared/api';
import { InputsStore } from './inputs-store';

function entry(name: string, size: number | null = 10): InputEntry {
  return { id: `/data/${name}`, path: `/data/${name}`, name, size, status: 'pending' };
}

describe('InputsStore', () => {
  it('adds entries once and sums their known sizes', () => {
    const store = new InputsStore();
    store.add([entry('a.xml', 100), entry('b.xml', null)]);
    store.add([entry('a.xml', 100), entry('c.xml', 5)]);
    const view = store.get();
    expect(view.entries.map((e) => e.name)).toEqual(['a.xml', 'b.xml', 'c.xml']);
    expect(view.totalBytes).toBe(105);
  });

  it('derives statuses: finished beats running beats listed', () => {
    const store = new InputsStore();
    const [a, b, c] = [entry('a.xml'), entry('b.xml'), entry('c.xml')];
    store.add([a, b, c]);
    store.setRunning(new Set([a.id, b.id]));
    store.markFinished([{ file: a.id, ok: false, errors: [] }]);
    const view = store.get();
    expect(view.statusOf(a)).toBe('failed');
    expect(view.statusOf(b)).toBe('running');
    expect(view.statusOf(c)).toBe('pending');
  });

  it('does not publish when the running set is unchanged', () => {
    const store = new InputsStore();
    const a = entry('a.xml');
    store.add([a]);
    store.setRunning(new Set([a.id]));
    const view = store.get();
    store.setRunning(new Set([a.id]));
    expect(store.get()).toBe(view);
  });

  it('resets statuses for a new job, removes entries, and names files by id', () => {
    const store = new InputsStore();
    const [a, b] = [entry('dir/a.xml'), entry('b.xml')];
    store.add([a, { ...b, status: 'ok' }]);
    store.markFinished([{ file: a.id, ok: true, errors: [] }]);
    store.markAllPending();
    expect(store.get().entries.map((e) => store.get().statusOf(e))).toEqual(['pending', 'pending']);
    expect(store.nameOf(a.id)).toBe('dir/a.xml');
    expect(store.nameOf('/elsewhere/x.xml')).toBe('x.xml');
    store.remove([a.id]);
    expect(store.get().entries.map((e) => e.name)).toEqual(['b.xml']);
    expect(store.get().totalBytes).toBe(10);
  });

  it('starts a job without rewriting the list, and a reloaded list shows its own statuses', () => {
    const store = new InputsStore();
    const [a, b] = [entry('a.xml'), { ...entry('b.xml'), status: 'failed' as const }];
    store.replace([a, b]);
    expect(store.get().statusOf(b)).toBe('failed');
    const entries = store.get().entries;
    store.markAllPending();
    expect(store.get().entries).toBe(entries);
    expect(store.get().statusOf(b)).toBe('pending');
    store.replace([a, b]);
    expect(store.get().statusOf(b)).toBe('failed');
  });

  it('shows a file a cancel stopped as cancelled, not failed', () => {
    const store = new InputsStore();
    const [a, b] = [entry('a.xml'), entry('b.xml')];
    store.add([a, b]);
    const cancelled = { kind: 'cancelled' as const, line: null, column: null, offset: null };
    const syntax = { kind: 'syntax' as const, line: 2, column: 3, offset: 9 };
    store.markFinished([
      { file: a.id, ok: false, errors: [{ ...cancelled, message: 'the job was cancelled' }] },
      { file: b.id, ok: false, errors: [{ ...syntax, message: 'bad' }] },
    ]);
    expect(store.get().statusOf(a)).toBe('cancelled');
    expect(store.get().statusOf(b)).toBe('failed');
  });

  it('syncs an identical list by statuses only, and replaces a different one', () => {
    const store = new InputsStore();
    const [a, b] = [entry('a.xml'), entry('b.xml')];
    store.add([a, b]);
    const entries = store.get().entries;
    store.setRunning(new Set([b.id]));
    store.sync([{ ...a, status: 'failed' }, b]);
    expect(store.get().entries).toBe(entries);
    expect(store.get().statusOf(a)).toBe('failed');
    expect(store.get().statusOf(b)).toBe('pending');
    store.sync([b]);
    expect(store.get().entries.map((e) => e.name)).toEqual(['b.xml']);
  });
});
