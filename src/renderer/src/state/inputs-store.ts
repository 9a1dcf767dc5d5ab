/**
 * The input list, kept outside React so that 10,000 entries cost nothing per progress tick.
 * Entries change only on add/remove/clear; statuses change as results arrive and as workers
 * pick files up. Every change publishes a new small `InputsView`; the list re-renders only its
 * visible rows.
 */
import type { InputEntry } from '../../../shared/api';
import type { FileResult } from '../../../shared/results';
import { baseName } from '../format';
import type { NotifyThrottle } from './notify-throttle';
import { type InputRowStatus, resultStatus } from './result-status';
import type { Listener } from './value-store';

export interface InputsView {
  entries: readonly InputEntry[];
  totalBytes: number;
  /** Current status of an entry: its result if it has one, else running, else its listed status. */
  statusOf(entry: InputEntry): InputRowStatus;
  /** Bumped on every change, so views compare cheaply. */
  version: number;
}

export class InputsStore {
  private entries: InputEntry[] = [];
  /** id → display name, for lookups by id (results name their file by its path, the id). */
  private names = new Map<string, string>();
  /** id → the path shown for it (in browser mode the dropped path, not the server's copy). */
  private paths = new Map<string, string>();
  private totalBytes = 0;
  private readonly finished = new Map<string, InputRowStatus>();
  private running = new Set<string>();
  /**
   * Set when a job starts: the statuses the backend listed belong to the last job, so every entry
   * without a result is pending. A flag rather than 10,000 rewritten entries, which would also
   * change the list's identity and make the virtualized list re-measure every row.
   */
  private listedStatusesStale = false;
  /** Inputs a partial run (Re-run failed) waits for; the others keep their last status. */
  private pending = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private version = 0;
  private view: InputsView = this.makeView();

  /** With a throttle, listeners hear of changes when it flushes rather than at once. */
  constructor(private readonly throttle: NotifyThrottle | null = null) {}

  readonly get = (): InputsView => this.view;

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Replaces the whole list (initial load, reconcile after a job). */
  replace(entries: readonly InputEntry[]): void {
    this.entries = entries.slice();
    this.names = new Map();
    this.paths = new Map();
    for (const entry of entries) this.remember(entry);
    this.finished.clear();
    this.running.clear();
    this.listedStatusesStale = false;
    this.recount();
    this.publish();
  }

  /**
   * Takes the backend's list after a job: when it holds the same files in the same order (the
   * usual case) only statuses change, so 10,000 rows are not rebuilt and re-measured.
   */
  sync(entries: readonly InputEntry[]): void {
    const same =
      entries.length === this.entries.length &&
      entries.every((entry, index) => entry.id === this.entries[index]?.id);
    if (!same) {
      this.replace(entries);
      return;
    }
    let changed = false;
    for (const entry of entries) {
      if (entry.status === 'ok' || entry.status === 'failed') {
        if (this.finished.get(entry.id) !== entry.status) changed = true;
        this.finished.set(entry.id, entry.status);
      }
    }
    if (this.running.size > 0) {
      this.running = new Set();
      changed = true;
    }
    if (changed) this.publish();
  }

  /** Appends entries the backend added; ids already listed are skipped. */
  add(entries: readonly InputEntry[]): void {
    const fresh = entries.filter((entry) => !this.names.has(entry.id));
    if (fresh.length === 0) return;
    for (const entry of fresh) this.remember(entry);
    this.entries = this.entries.concat(fresh);
    this.recount();
    this.publish();
  }

  remove(ids: readonly string[]): void {
    const gone = new Set(ids);
    this.entries = this.entries.filter((entry) => !gone.has(entry.id));
    for (const id of gone) {
      this.names.delete(id);
      this.paths.delete(id);
      this.finished.delete(id);
      this.running.delete(id);
    }
    this.recount();
    this.publish();
  }

  /** The display name of a listed input, else `fallback`, else the path's last segment. */
  nameOf(id: string, fallback?: string): string {
    return this.names.get(id) ?? fallback ?? baseName(id);
  }

  /** The path shown for a listed input, else `id` itself. */
  pathOf(id: string): string {
    return this.paths.get(id) ?? id;
  }

  clear(): void {
    this.replace([]);
  }

  private remember(entry: InputEntry): void {
    this.names.set(entry.id, entry.name);
    this.paths.set(entry.id, entry.path);
  }

  /** A new job starts: every listed file is pending again. */
  markAllPending(): void {
    this.listedStatusesStale = true;
    this.pending = new Set();
    this.finished.clear();
    this.running.clear();
    this.publish();
  }

  /** A job over some of the inputs starts: those are pending again. */
  markPending(ids: readonly string[]): void {
    this.pending = new Set(ids);
    for (const id of ids) this.finished.delete(id);
    this.running.clear();
    this.publish();
  }

  /** Results arrived: `file` is the input's absolute path, which is also its id. */
  markFinished(outcomes: ReadonlyArray<Pick<FileResult, 'file' | 'ok' | 'errors'>>): void {
    let changed = false;
    for (const outcome of outcomes) {
      const { file } = outcome;
      if (!this.names.has(file)) continue;
      this.finished.set(file, resultStatus(outcome));
      this.running.delete(file);
      this.pending.delete(file);
      changed = true;
    }
    if (changed) this.publish();
  }

  /** The files workers are busy with; publishes only when the set actually changed. */
  setRunning(files: ReadonlySet<string>): void {
    if (files.size === this.running.size && [...files].every((file) => this.running.has(file))) {
      return;
    }
    this.running = new Set(files);
    this.publish();
  }

  private recount(): void {
    let total = 0;
    for (const entry of this.entries) total += entry.size ?? 0;
    this.totalBytes = total;
  }

  private publish(): void {
    this.version += 1;
    this.view = this.makeView();
    if (this.throttle === null) this.notify();
    else this.throttle.request(this.notify);
  }

  private readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };

  private makeView(): InputsView {
    const finished = this.finished;
    const running = this.running;
    const listedStatusesStale = this.listedStatusesStale;
    const pending = this.pending;
    return {
      entries: this.entries,
      totalBytes: this.totalBytes,
      version: this.version,
      statusOf: (entry) =>
        finished.get(entry.id) ??
        (running.has(entry.id)
          ? 'running'
          : listedStatusesStale || pending.has(entry.id)
            ? 'pending'
            : entry.status),
    };
  }
}
