/**
 * The renderer's one controller: it owns the stores, subscribes to the backend's progress and
 * result streams, and turns user actions into API calls. Components read the stores through
 * `useStore` and call these methods; none of them talks to the API directly. Every API failure
 * becomes a notice, never an unhandled rejection.
 */
import type {
  ExtractInference,
  ExtractInferRequest,
  ExtractPreview,
  SystemInfo,
} from '../../../shared/api';
import type { XmlPoolClient } from '../../../shared/client';
import type { JobProgress, JobState } from '../../../shared/progress';
import type { FileResult, ReportFormat } from '../../../shared/results';
import type { JobOptions, TaskName } from '../../../shared/tasks';
import type { BrowserActivity } from '../api/browser-client';
import { describeAddOutcome } from './add-outcome';
import { describeExportOutcome } from './export-outcome';
import { InputsStore } from './inputs-store';
import { errorText, NoticeStore } from './notices';
import { NotifyThrottle } from './notify-throttle';
import { ResultsStore } from './results-store';
import { ValueStore } from './value-store';

export type Availability =
  | { kind: 'connecting' }
  | { kind: 'ready'; info: SystemInfo }
  | { kind: 'unavailable'; message: string };

export interface JobStatus {
  state: JobState;
  /** Null between pressing Start and the backend naming the job. */
  jobId: string | null;
  task: TaskName | null;
  /** The last job was a convert that finished with at least one output to export. */
  outputsReady: boolean;
  /** The last job was an extract that finished with a table to save. */
  tableReady?: boolean;
}

export type ExportKind = ReportFormat | 'outputs' | 'table';

export interface ExportStatus {
  /** The export in flight, if any. */
  pending: ExportKind | null;
  /** What the last export did, for the export bar. */
  lastOutcome: string | null;
}

const IDLE_JOB: JobStatus = { state: 'idle', jobId: null, task: null, outputsReady: false };

export function isActive(state: JobState): boolean {
  return state === 'running' || state === 'cancelling';
}

/** The rejection of an add the user cancelled (a DOMException, which is not always an Error). */
function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError'
  );
}

function isTerminal(state: JobState): boolean {
  return state === 'done' || state === 'cancelled' || state === 'failed';
}

/** Input ids are the files' absolute paths; busy workers name the file they read. */
function busyFiles(progress: JobProgress): Set<string> {
  const files = new Set<string>();
  for (const worker of progress.workers) {
    if (worker.state === 'busy' && worker.file !== null) files.add(worker.file);
  }
  return files;
}

/**
 * The backend sends progress and result batches at up to 10 Hz each, at independent moments;
 * rendering them together, at most 10 times a second, made about 40% fewer renders and frames
 * during a run (see notify-throttle.ts).
 */
const STREAM_RENDER_INTERVAL_MS = 100;

export class Session {
  private readonly streamThrottle = new NotifyThrottle(STREAM_RENDER_INTERVAL_MS);
  readonly inputs = new InputsStore(this.streamThrottle);
  readonly results = new ResultsStore(this.streamThrottle);
  readonly progress = new ValueStore<JobProgress | null>(null, this.streamThrottle);
  readonly job = new ValueStore<JobStatus>(IDLE_JOB, this.streamThrottle);
  readonly availability = new ValueStore<Availability>({ kind: 'connecting' });
  readonly notice = new NoticeStore();
  readonly exports = new ValueStore<ExportStatus>({ pending: null, lastOutcome: null });

  /** The job whose end was last reconciled; its late snapshots must not be taken for a new job. */
  private reconciledJobId: string | null = null;

  /** `browser`: uploads and the events connection, which only browser mode has. */
  constructor(
    private readonly api: XmlPoolClient,
    readonly browser: BrowserActivity | null = null,
  ) {}

  /** Subscribes to the backend and loads the initial state; returns the unsubscribe. */
  connect(): () => void {
    const offs: Array<() => void> = [];
    try {
      offs.push(this.api.onProgress(this.handleProgress));
      offs.push(this.api.onResults(this.handleResults));
    } catch (error) {
      this.availability.set({ kind: 'unavailable', message: errorText(error) });
    }
    void this.load();
    return () => {
      for (const off of offs) off();
    };
  }

  /** (Re)loads system info, inputs and the last job's results. */
  async load(): Promise<void> {
    this.availability.set({ kind: 'connecting' });
    try {
      const info = await this.api.getSystemInfo();
      this.availability.set({ kind: 'ready', info });
    } catch (error) {
      this.availability.set({ kind: 'unavailable', message: errorText(error) });
      return;
    }
    try {
      const [inputs, results] = await Promise.all([this.api.listInputs(), this.api.getResults()]);
      this.inputs.replace(inputs);
      this.results.replace(results);
      this.inputs.markFinished(results);
    } catch (error) {
      this.notice.show('error', `Could not load the input list: ${errorText(error)}`);
    }
  }

  /** Must run synchronously inside the drop handler: the browser client reads the entries now. */
  addDropped(items: DataTransfer): void {
    this.track(this.api.addDroppedItems(items));
  }

  pick(kind: 'files' | 'folder'): void {
    this.track(this.api.pickInputs(kind));
  }

  async remove(ids: string[]): Promise<void> {
    try {
      await this.api.removeInputs(ids);
      this.inputs.remove(ids);
    } catch (error) {
      this.notice.show('error', `Could not remove: ${errorText(error)}`);
    }
  }

  async clear(): Promise<void> {
    try {
      await this.api.clearInputs();
      this.inputs.clear();
      this.results.clear();
      this.progress.set(null);
    } catch (error) {
      this.notice.show('error', `Could not clear the inputs: ${errorText(error)}`);
    }
  }

  async start(options: JobOptions): Promise<void> {
    const before = this.job.get();
    if (isActive(before.state)) return;
    this.results.clear();
    this.inputs.markAllPending();
    this.progress.set(null);
    this.job.set({ state: 'running', jobId: null, task: options.task, outputsReady: false });
    try {
      const { jobId } = await this.api.startJob(options);
      // A short job may already have reported (and ended) before startJob resolved.
      this.job.update((job) => (job.jobId === null ? { ...job, jobId } : job));
    } catch (error) {
      this.job.set({ ...before, outputsReady: false });
      this.notice.show('error', `Could not start: ${errorText(error)}`);
    }
  }

  async cancel(): Promise<void> {
    if (this.job.get().state !== 'running') return;
    this.job.update((job) => ({ ...job, state: 'cancelling' }));
    try {
      await this.api.cancel();
    } catch (error) {
      this.notice.show('error', `Could not cancel: ${errorText(error)}`);
    }
  }

  /** Live resize; outside a run the slider value simply becomes the next job's worker count. */
  async resize(workers: number): Promise<void> {
    if (!isActive(this.job.get().state)) return;
    try {
      await this.api.resize(workers);
    } catch (error) {
      this.notice.show('error', `Could not resize the pool: ${errorText(error)}`);
    }
  }

  async exportReport(format: ReportFormat): Promise<void> {
    await this.runExport(format, () => this.api.exportReport(format));
  }

  async exportOutputs(): Promise<void> {
    await this.runExport('outputs', () => this.api.exportOutputs());
  }

  async exportTable(): Promise<void> {
    await this.runExport('table', () => this.api.exportTable());
  }

  /** Columns inferred from the listed inputs; null (and a notice) when that fails. */
  async inferExtract(request: ExtractInferRequest): Promise<ExtractInference | null> {
    try {
      return await this.api.inferExtract(request);
    } catch (error) {
      this.notice.show('error', `Could not infer the columns: ${errorText(error)}`);
      return null;
    }
  }

  /** The first rows with these options; the error text when the backend refuses them. */
  async previewExtract(options: JobOptions): Promise<ExtractPreview | string> {
    try {
      return await this.api.previewExtract(options);
    } catch (error) {
      return errorText(error);
    }
  }

  private async runExport(
    kind: ExportKind,
    run: () => ReturnType<XmlPoolClient['exportReport']>,
  ): Promise<void> {
    if (this.exports.get().pending !== null) return;
    this.exports.update((status) => ({ ...status, pending: kind }));
    try {
      const text = describeExportOutcome(await run());
      this.exports.set({ pending: null, lastOutcome: text ?? this.exports.get().lastOutcome });
      this.notice.show(text === null ? 'info' : 'success', text ?? 'Export cancelled');
    } catch (error) {
      this.exports.update((status) => ({ ...status, pending: null }));
      this.notice.show('error', `Export failed: ${errorText(error)}`);
    }
  }

  private track(adding: ReturnType<XmlPoolClient['pickInputs']>): void {
    adding.then(
      (outcome) => {
        this.inputs.add(outcome.added);
        if (
          outcome.added.length === 0 &&
          outcome.duplicates === 0 &&
          outcome.problems.length === 0
        ) {
          return; // the user closed the picker
        }
        const { tone, text } = describeAddOutcome(outcome);
        this.notice.show(tone, text);
      },
      (error: unknown) => {
        if (isAbortError(error)) this.notice.show('info', 'Adding cancelled: nothing was added');
        else this.notice.show('error', `Could not add files: ${errorText(error)}`);
      },
    );
  }

  private readonly handleProgress = (progress: JobProgress): void => {
    const job = this.job.get();
    const ours = progress.jobId === job.jobId;
    const adoptable =
      job.jobId === null ? progress.jobId !== this.reconciledJobId : !isActive(job.state);
    if (!ours && !adoptable) return;
    this.progress.set(progress);
    this.inputs.setRunning(busyFiles(progress));
    // Keep showing "cancelling" until the backend confirms the job stopped.
    const state =
      job.state === 'cancelling' && progress.state === 'running' ? 'cancelling' : progress.state;
    // Only transitions reach the job store: its readers must not re-render at 10 Hz.
    if (job.state !== state || job.jobId !== progress.jobId) {
      this.job.set({ ...job, jobId: progress.jobId, state });
    }
    if (isTerminal(progress.state) && this.reconciledJobId !== progress.jobId) {
      this.reconciledJobId = progress.jobId;
      if (progress.state === 'failed') {
        this.notice.show('error', `The job failed: ${progress.error ?? 'no reason given'}`);
      }
      void this.reconcile(progress.jobId, progress.filesTotal);
    }
  };

  private readonly handleResults = (batch: FileResult[]): void => {
    this.results.append(batch);
    this.inputs.markFinished(batch);
  };

  /**
   * Batches may have been dropped (a reconnect); the backend's list is the truth at the end. The
   * backend sends the final snapshot only after every result batch, so when the streamed results
   * already hold one per file, reloading them (a long task with 10,000 files) is skipped.
   */
  private async reconcile(jobId: string, filesTotal: number): Promise<void> {
    try {
      if (this.results.size !== filesTotal) {
        const [results, inputs] = await Promise.all([this.api.getResults(), this.api.listInputs()]);
        if (this.job.get().jobId !== jobId) return;
        this.results.replace(results);
        this.inputs.sync(inputs);
        this.inputs.markFinished(results);
      }
      const results = this.results.get().all;
      const task = this.job.get().task ?? results[0]?.task ?? null;
      const outputsReady = task === 'convert' && results.some((result) => result.convert);
      const tableReady = task === 'extract';
      this.job.update((job) => ({ ...job, task, outputsReady, tableReady }));
    } catch (error) {
      this.notice.show('error', `Could not load the final results: ${errorText(error)}`);
    }
  }
}
