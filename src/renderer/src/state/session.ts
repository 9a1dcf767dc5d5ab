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
  SourceExcerpt,
  SystemInfo,
} from '../../../shared/api';
import type { XmlPoolClient } from '../../../shared/client';
import type { JobProgress, JobState } from '../../../shared/progress';
import type { FileResult, ReportFormat } from '../../../shared/results';
import type { JobOptions, TaskName } from '../../../shared/tasks';
import type { TimelineUpdate } from '../../../shared/timeline';
import type { SchemaPickKind } from '../../../shared/validate';
import type { BrowserActivity } from '../api/browser-client';
import { describeAddOutcome } from './add-outcome';
import { clusterSecrets } from './cluster-form';
import { describeExportOutcome } from './export-outcome';
import { loadJobForm, saveJobForm } from './form-storage';
import { InputsStore } from './inputs-store';
import { clampWorkers, type JobForm, toJobOptions } from './job-form';
import { errorText, NoticeStore } from './notices';
import { NotifyThrottle } from './notify-throttle';
import type { ResultColumnId } from './result-columns';
import { resultStatus } from './result-status';
import { ResultsStore } from './results-store';
import {
  loadSchemaChoice,
  SCHEMA_FILE_NAME,
  type SchemaChoice,
  saveSchemaChoice,
  schemaOptionsOf,
  schemaProblem,
} from './schema-choice';
import { TableViewStore } from './table-view';
import { TimelineStore } from './timeline-store';
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

export type ExportKind = ReportFormat | 'outputs' | 'html' | 'table';

/** Inputs added last, so the list can bring the first of them into view. */
export interface AddedInputs {
  ids: readonly string[];
  /** Bumped on every add, so adding the same files twice still scrolls. */
  seq: number;
}

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
  /** The job controls' choices; the core count (the workers' maximum) comes with system info. */
  readonly form = new ValueStore<JobForm>(loadJobForm(1));
  /** How the results table is sorted and filtered. */
  readonly resultsTable = new TableViewStore<ResultColumnId>();
  readonly lastAdded = new ValueStore<AddedInputs>({ ids: [], seq: 0 });
  /** The Inputs panel folded into a rail: null follows the window's width (see layout.ts). */
  readonly inputsFolded = new ValueStore<boolean | null>(null);
  /** The keyboard shortcuts overlay is open. */
  readonly shortcutsOpen = new ValueStore(false);
  /** The cancel confirmation (Esc during a run) is open. */
  readonly confirmingCancel = new ValueStore(false);
  /** The schema the next validate checks against (see schema-choice.ts). */
  readonly schema = new ValueStore<SchemaChoice>(loadSchemaChoice());
  /** Source lines already read for the details panel, by file and offset. */
  private readonly sources = new Map<string, Promise<SourceExcerpt>>();
  readonly timeline = new TimelineStore(this.streamThrottle);
  /** The result shown in the details: chosen in the results table or on the timeline. */
  readonly selectedFile = new ValueStore<string | null>(null);

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
      offs.push(this.api.onTimeline(this.handleTimeline));
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
      // The stored form was read before the core count was known: clamp it now.
      this.form.set({ ...loadJobForm(info.cores), ...this.formEdits });
      this.form.update((form) => ({ ...form, workers: clampWorkers(form.workers, info.cores) }));
      this.availability.set({ kind: 'ready', info });
    } catch (error) {
      this.availability.set({ kind: 'unavailable', message: errorText(error) });
      return;
    }
    try {
      const [inputs, results, timeline] = await Promise.all([
        this.api.listInputs(),
        this.api.getResults(),
        this.api.getTimeline(),
      ]);
      this.inputs.replace(inputs);
      this.results.replace(results);
      this.inputs.markFinished(results);
      if (timeline !== null) this.timeline.apply(timeline);
    } catch (error) {
      this.notice.show('error', `Could not load the input list: ${errorText(error)}`);
    }
  }

  /**
   * Must run synchronously inside the drop handler: the browser client reads the entries now.
   * A schema file (.xsd, .rng, .dtd) dropped alone becomes the schema instead of an input.
   */
  addDropped(items: DataTransfer): void {
    const files = Array.from(items.files);
    if (files.length === 1 && files.every((file) => SCHEMA_FILE_NAME.test(file.name))) {
      void this.choosing('schema', this.api.addDroppedSchema(items));
      return;
    }
    this.track(this.api.addDroppedItems(items));
  }

  setSchema(change: Partial<SchemaChoice>): void {
    this.schema.update((choice) => ({ ...choice, ...change }));
    saveSchemaChoice(this.schema.get());
  }

  /** "Choose schema…" / "Catalog…". */
  pickSchema(kind: SchemaPickKind): void {
    void this.choosing(kind, this.api.pickSchema(kind));
  }

  private async choosing(
    kind: SchemaPickKind,
    picking: ReturnType<XmlPoolClient['pickSchema']>,
  ): Promise<void> {
    try {
      const pick = await picking;
      if (pick === null) return;
      if (kind === 'schema') this.setSchema({ mode: 'file', schema: pick });
      else this.setSchema({ catalog: pick });
      this.notice.show(
        'success',
        `${kind === 'schema' ? 'Schema' : 'Catalog'}: ${pick.chosen.name}`,
      );
    } catch (error) {
      if (isAbortError(error)) this.notice.show('info', 'Upload cancelled');
      else this.notice.show('error', `Could not use that ${kind}: ${errorText(error)}`);
    }
  }

  /** The line around an error, read once per file and offset. */
  readSource(file: string, offset: number): Promise<SourceExcerpt> {
    const key = `${offset}:${file}`;
    let reading = this.sources.get(key);
    if (reading === undefined) {
      reading = this.api.readSource(file, offset);
      // A failed read may work later (a transient error): do not keep it.
      reading.catch(() => this.sources.delete(key));
      this.sources.set(key, reading);
    }
    return reading;
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

  /** Changes made to the form before system info arrived; they win over the stored ones. */
  private formEdits: Partial<JobForm> = {};

  updateForm(patch: Partial<JobForm>): void {
    if (this.availability.get().kind !== 'ready') this.formEdits = { ...this.formEdits, ...patch };
    this.form.update((form) => ({ ...form, ...patch }));
    saveJobForm(this.form.get());
  }

  /** The slider: the next job's worker count, and during a run a live resize. */
  setWorkers(value: number): void {
    const workers = clampWorkers(value, this.cores);
    this.updateForm({ workers });
    void this.resize(workers);
  }

  /** The slider's maximum: 0 until the backend has answered. */
  get cores(): number {
    const availability = this.availability.get();
    return availability.kind === 'ready' ? availability.info.cores : 0;
  }

  /** Whether Start can run now (also checked by the keyboard shortcut). */
  canStart(): boolean {
    return (
      this.cores > 0 &&
      schemaProblem(this.schema.get(), this.form.get().task) === null &&
      !isActive(this.job.get().state) &&
      this.inputs.get().entries.length > 0 &&
      (this.browser?.uploads.progress.get() ?? null) === null
    );
  }

  /** Start with the job controls' choices. */
  startFromForm(): void {
    if (this.canStart()) void this.start(this.formOptions());
  }

  /** The job options the controls describe: the form, and the schema chosen beside it. */
  private formOptions(): JobOptions {
    const form = this.form.get();
    return {
      ...toJobOptions(form, this.cores, clusterSecrets.get()),
      schema: schemaOptionsOf(this.schema.get(), form.task),
    };
  }

  /** Runs the failed files of the last job again, and only them. */
  rerunFailed(): void {
    const failed = this.results
      .get()
      .all.filter((result) => resultStatus(result) === 'failed')
      .map((result) => result.file);
    if (failed.length === 0 || !this.canStart()) return;
    void this.start(this.formOptions(), failed);
  }

  async clear(): Promise<void> {
    try {
      await this.api.clearInputs();
      this.inputs.clear();
      this.results.clear();
      this.timeline.clear();
      this.selectedFile.set(null);
      this.progress.set(null);
      // Nothing is left of the last job: its state and exports no longer describe anything.
      if (!isActive(this.job.get().state)) this.job.set(IDLE_JOB);
      this.exports.set({ pending: null, lastOutcome: null });
    } catch (error) {
      this.notice.show('error', `Could not clear the inputs: ${errorText(error)}`);
    }
  }

  /** `inputIds`: run only these listed inputs (Re-run failed); default every one. */
  async start(options: JobOptions, inputIds?: string[]): Promise<void> {
    const before = this.job.get();
    if (isActive(before.state)) return;
    this.results.clear();
    this.sources.clear();
    this.timeline.clear();
    this.selectedFile.set(null);
    if (inputIds === undefined) this.inputs.markAllPending();
    else this.inputs.markPending(inputIds);
    this.progress.set(null);
    // The last export's message described the last job's results.
    this.exports.update((status) => ({ ...status, lastOutcome: null }));
    this.job.set({ state: 'running', jobId: null, task: options.task, outputsReady: false });
    try {
      const { jobId } = await this.api.startJob(options, inputIds ?? null);
      // A short job may already have reported (and ended) before startJob resolved.
      this.job.update((job) => (job.jobId === null ? { ...job, jobId } : job));
    } catch (error) {
      this.job.set({ ...before, outputsReady: false });
      this.notice.show('error', `Could not start: ${errorText(error)}`);
    }
  }

  async cancel(): Promise<void> {
    this.confirmingCancel.set(false);
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

  async exportHtmlReport(): Promise<void> {
    await this.runExport('html', () => this.api.exportHtmlReport());
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
        if (outcome.added.length > 0) {
          const seq = this.lastAdded.get().seq + 1;
          this.lastAdded.set({ ids: outcome.added.map((entry) => entry.id), seq });
        }
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

  private readonly handleTimeline = (update: TimelineUpdate): void => {
    const jobId = this.job.get().jobId;
    // A job not ours yet (startJob has not answered) is taken, as its progress is.
    if (jobId === null || update.jobId === jobId || update.full) this.timeline.apply(update);
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
      if (!this.timeline.model.complete || this.timeline.model.jobId !== jobId) {
        const timeline = await this.api.getTimeline();
        if (timeline !== null && timeline.jobId === jobId) this.timeline.apply(timeline);
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
