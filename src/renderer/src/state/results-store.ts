/**
 * Results of the current job, appended in batches as workers finish and replaced by the
 * authoritative list when the job ends. The sorted and filtered arrays are computed lazily, once
 * per change, and only when a view reads them.
 */
import type { FileResult } from '../../../shared/results';
import type { NotifyThrottle } from './notify-throttle';
import { resultStatus } from './result-status';
import type { Listener } from './value-store';

export interface ResultsView {
  /** In input order. */
  all: readonly FileResult[];
  /** Failed for a reason of their own: files a cancel stopped or skipped are not among them. */
  failed: readonly FileResult[];
  ok: number;
  /** Files a cancel stopped or skipped. */
  cancelled: number;
  version: number;
  byFile(file: string): FileResult | undefined;
}

export class ResultsStore {
  private readonly results = new Map<string, FileResult>();
  /** Slot i holds the result of input i: input order without sorting on every batch. */
  private slots: Array<FileResult | undefined> = [];
  private readonly listeners = new Set<Listener>();
  private version = 0;
  private view: ResultsView | null = null;

  /** With a throttle, listeners hear of changes when it flushes rather than at once. */
  constructor(private readonly throttle: NotifyThrottle | null = null) {}

  readonly get = (): ResultsView => {
    if (this.view === null) this.view = this.makeView();
    return this.view;
  };

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  get size(): number {
    return this.results.size;
  }

  /** A later result for the same file replaces the earlier one. */
  append(batch: readonly FileResult[]): void {
    if (batch.length === 0) return;
    for (const result of batch) this.put(result);
    this.publish();
  }

  replace(results: readonly FileResult[]): void {
    this.results.clear();
    this.slots = [];
    for (const result of results) this.put(result);
    this.publish();
  }

  clear(): void {
    if (this.results.size === 0) return;
    this.results.clear();
    this.slots = [];
    this.publish();
  }

  private put(result: FileResult): void {
    const previous = this.results.get(result.file);
    if (previous && previous.index !== result.index) this.slots[previous.index] = undefined;
    this.results.set(result.file, result);
    this.slots[result.index] = result;
  }

  private publish(): void {
    this.version += 1;
    this.view = null;
    if (this.throttle === null) this.notify();
    else this.throttle.request(this.notify);
  }

  private readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };

  private makeView(): ResultsView {
    const all: FileResult[] = [];
    const failed: FileResult[] = [];
    let ok = 0;
    for (const result of this.slots) {
      if (result === undefined) continue;
      all.push(result);
      const status = resultStatus(result);
      if (status === 'failed') failed.push(result);
      else if (status === 'ok') ok += 1;
    }
    const results = this.results;
    return {
      all,
      failed,
      ok,
      cancelled: all.length - ok - failed.length,
      version: this.version,
      byFile: (file) => results.get(file),
    };
  }
}
