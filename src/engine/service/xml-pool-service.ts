/**
 * The backend behind both shells: the Electron main process and `xmlpool serve` wrap one
 * XmlPoolService each. It owns the input list, runs one job at a time on the engine, and fans
 * progress and results out to subscribers (throttled and batched, so a UI is never flooded).
 *
 * It is the trust boundary for both shells: every argument is validated here (src/shared/validate)
 * whatever the shell already checked.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AddInputsOutcome,
  ExportOutcome,
  ExtractInference,
  ExtractInferRequest,
  ExtractPreview,
  InputEntry,
  SourceExcerpt,
  SystemInfo,
  Unsubscribe,
  XmlPoolApi,
} from '../../shared/api';
import { tableFileName } from '../../shared/export-names';
import type { JobProgress } from '../../shared/progress';
import type { FileResult, ReportFormat } from '../../shared/results';
import { DEFAULT_SCAN_LIMITS, type JobOptions, type TableFormat } from '../../shared/tasks';
import type { TimelineUpdate } from '../../shared/timeline';
import {
  parseAbsolutePath,
  parseExtractInferRequest,
  parseInputIds,
  parseInteger,
  parseJobOptions,
  parseOptionalAbsolutePath,
  parseOptionalInputIds,
  parsePathList,
  parseReportFormat,
} from '../../shared/validate';
import { VERSION } from '../../shared/version';
import { exportOutputs } from '../export/outputs';
import { writeReport } from '../export/report';
import { copyFileAtomic } from '../fs/copy-file';
import { writeHtmlReport } from '../html-report/html-report';
import { readReportAssets } from '../html-report/report-assets';
import { reportSummary } from '../html-report/report-summary';
import { DEFAULT_INCLUDE, expandInputs, restamped } from '../input/expand';
import type { ExpandedInput } from '../input/types';
import { type JobHandle, type JobSummary, startJob } from '../job';
import { checkJobOptions } from '../job/check-options';
import type { ProcessSpawner } from '../pool/spawner';
import { BatchBuffer } from './batch-buffer';
import { InputList } from './input-list';
import { LatestThrottle } from './latest-throttle';
import { Listeners } from './listeners';
import { readSourceExcerpt } from './source-excerpt';

export interface XmlPoolServiceOptions {
  /** Absolute path of the built pool worker script. */
  workerScript: string;
  /** Spawner for the `process` backend (Electron passes utilityProcess.fork). */
  spawnProcess?: ProcessSpawner;
  /** Parent of the service's temp folder (jobs' temp folders, reports exported without a path). */
  tempRoot?: string;
  mode: 'electron' | 'browser';
  /** Cores offered to the slider; default os.availableParallelism(). */
  cores?: number;
  /** Called when a subscriber throws; default: ignored. */
  onListenerError?(error: unknown): void;
  /**
   * How the user knows a file: its name in exported reports, and the name and path the input
   * list shows; default: its absolute path (and the path relative to the folder it came from
   * as its name). Browser mode names the server's uploaded copies by the path the user dropped,
   * not a temp path on the server, so the UI and the reports say the same.
   */
  displayPath?(file: string): string;
  /** Folder of the HTML report's built script and style (out/cli); without it, no HTML report. */
  reportAssetsDir?: string;
}

/** The UI redraws at most this often (the API promises ≤ 10 Hz). */
const PROGRESS_INTERVAL_MS = 100;
const RESULTS_INTERVAL_MS = 100;
/**
 * A batch of results goes out early once its JSON reaches this size: with results of up to
 * MAX_RESULT_BYTES each, one message stays under 12 MiB.
 */
const RESULTS_BATCH_BYTES = 4 * 1024 * 1024;

/** The job currently running, or the last one. */
interface JobRecord {
  id: string;
  options: JobOptions;
  handle: JobHandle;
  /** Results by input index. */
  results: Map<number, FileResult>;
  /** Set when the job has ended. */
  summary: JobSummary | null;
  /** Settles when the job has ended and its final progress and results were delivered. */
  settled: Promise<void>;
}

export class XmlPoolService implements XmlPoolApi {
  private readonly inputs: InputList;
  private readonly progressListeners: Listeners<JobProgress>;
  private readonly resultListeners: Listeners<FileResult[]>;
  private readonly timelineListeners: Listeners<TimelineUpdate>;
  private readonly cores: number;
  private defaultWorkers: number;
  private job: JobRecord | null = null;
  /** A startJob call is between its checks and the job's start (it awaits in between). */
  private starting = false;
  /** Settles when that startJob call has launched its job or given up; dispose() waits for it. */
  private startSettled: Promise<unknown> = Promise.resolve();
  /** A resize that came while a startJob call was getting ready: the job starts with it. */
  private resizedWhileStarting: number | null = null;
  /** A cancel that came while a startJob call was getting ready: the job is cancelled at once. */
  private cancelledWhileStarting = false;
  /** Exports still reading the last job's files: its temp folder must outlive them. */
  private readonly exports = new Set<Promise<unknown>>();
  private tempDir: Promise<string> | null = null;
  private disposed = false;

  constructor(private readonly options: XmlPoolServiceOptions) {
    this.cores = Math.max(1, options.cores ?? availableParallelism());
    this.defaultWorkers = this.cores;
    this.inputs = new InputList(options.displayPath);
    this.progressListeners = new Listeners(options.onListenerError);
    this.resultListeners = new Listeners(options.onListenerError);
    this.timelineListeners = new Listeners(options.onListenerError);
  }

  async getSystemInfo(): Promise<SystemInfo> {
    return { version: VERSION, cores: this.cores, mode: this.options.mode };
  }

  async addPaths(paths: string[]): Promise<AddInputsOutcome> {
    const checked = parsePathList(paths, 'paths');
    this.assertUsable();
    const expanded = await expandInputs(checked, { include: [...DEFAULT_INCLUDE] });
    const { added, duplicates } = await this.inputs.add(expanded);
    const problems = expanded.flatMap((input) =>
      input.error === null ? [] : [`${input.path}: ${input.error.message}`],
    );
    return { added, duplicates, problems };
  }

  async listInputs(): Promise<InputEntry[]> {
    return this.inputs.entries();
  }

  async removeInputs(ids: string[]): Promise<void> {
    const checked = parseInputIds(ids);
    this.assertIdle('change the inputs');
    this.inputs.remove(checked);
  }

  async clearInputs(): Promise<void> {
    this.assertIdle('change the inputs');
    this.inputs.clear();
  }

  isRunning(): boolean {
    return this.starting || (this.job !== null && this.job.summary === null);
  }

  async startJob(options: JobOptions, inputIds?: string[] | null): Promise<{ jobId: string }> {
    const checked = parseJobOptions(options, this.cores);
    const only = parseOptionalInputIds(inputIds);
    this.assertUsable();
    this.assertIdle('start another job');
    if (this.inputs.size === 0) throw new Error('Add XML files before starting a job');
    const { ids, inputs } = this.inputs.jobInputs(only);
    if (ids.length === 0) throw new Error('None of the files to run is listed any more');
    // Starting from here: a second start while an extract job's columns are inferred is refused.
    this.starting = true;
    this.resizedWhileStarting = null;
    this.cancelledWhileStarting = false;
    let ready: JobOptions;
    try {
      ready = checked.task === 'extract' ? await this.readyToRun(inputs, checked) : checked;
      // Mistakes in the options (an output folder over the inputs) reach the caller, not a
      // snapshot.
      checkJobOptions(inputs, ready);
    } catch (error) {
      this.starting = false;
      throw error;
    }
    const started = this.prepareAndLaunch(ids, inputs, ready);
    this.startSettled = started.catch(() => undefined);
    return started;
  }

  /** An extract job's `auto` row tag and missing columns are settled before it starts. */
  private async readyToRun(inputs: ExpandedInput[], options: JobOptions): Promise<JobOptions> {
    if (options.task !== 'extract') return options;
    const { resolveExtractOptions } = await import('../extract/inference');
    return (await resolveExtractOptions(readablePaths(inputs), options)).options;
  }

  async inferExtract(request: ExtractInferRequest): Promise<ExtractInference> {
    const checked = parseExtractInferRequest(request);
    this.assertUsable();
    const { inferColumns } = await import('../extract/inference');
    const { inputs } = this.inputs.jobInputs();
    const inferred = await inferColumns(
      readablePaths(inputs),
      checked.rowTag,
      checked.namespaces,
      DEFAULT_SCAN_LIMITS,
    );
    return {
      rowTag: inferred.rowTag,
      columns: inferred.columns,
      sampleBytes: inferred.sample.bytes,
      records: inferred.sample.records,
      files: inferred.sample.files,
    };
  }

  async previewExtract(options: JobOptions): Promise<ExtractPreview> {
    const checked = parseJobOptions({ ...options, task: 'extract' }, this.cores);
    this.assertUsable();
    const paths = readablePaths(this.inputs.jobInputs().inputs);
    if (paths.length === 0) return { columns: [], rows: [] };
    const { previewRows, resolveExtractOptions } = await import('../extract/inference');
    // All of them, as the job has them: an empty or broken first input is passed over, as the
    // job's own row-tag detection and inference pass over it.
    const ready = (await resolveExtractOptions(paths, checked)).options;
    const rowTag = ready.rowTag;
    if (rowTag === null) return { columns: [], rows: [] };
    return previewRows(paths, rowTag, ready.extract, ready.limits, PREVIEW_ROWS);
  }

  /** The format of the last job's table, or null when it has none (for a save dialog). */
  tableFormat(): TableFormat | null {
    return this.job?.summary?.table?.format ?? null;
  }

  async exportTable(destination?: string): Promise<ExportOutcome> {
    const checkedDestination = parseOptionalAbsolutePath(destination, 'destination');
    const job = this.job;
    const table = job?.summary?.table;
    if (!job?.summary) throw new Error('Run an extract job before you save its table');
    if (!table) throw new Error('Only an extract job has a table to save');
    if (table.error !== null) throw new Error(`The table could not be written: ${table.error}`);
    return this.tracked(async () => {
      const path =
        checkedDestination ?? join(await this.ensureTempDir(), tableFileName(table.format));
      await copyFileAtomic(table.path, path);
      return { status: 'saved', path };
    });
  }

  private async prepareAndLaunch(
    ids: string[],
    inputs: ExpandedInput[],
    checked: JobOptions,
  ): Promise<{ jobId: string }> {
    try {
      const previous = this.job;
      this.job = null;
      await this.exportsDone();
      await previous?.summary?.dispose();
      const tempRoot = await this.ensureTempDir();
      // dispose() may have come during the awaits above: a job started now would outlive it.
      this.assertUsable();
      // Planned now, not when the files were added: sizes and modification times as they are.
      const stamped = await restamped(inputs);
      this.assertUsable();
      this.inputs.markPending(ids);
      const workers = this.resizedWhileStarting ?? checked.workers;
      return this.launch(ids, stamped, { ...checked, workers }, tempRoot);
    } finally {
      this.starting = false;
    }
  }

  private launch(
    ids: string[],
    inputs: ExpandedInput[],
    checked: JobOptions,
    tempRoot: string,
  ): { jobId: string } {
    const results = new Map<number, FileResult>();
    const indexByPath = new Map(inputs.map((input, i) => [input.path, i]));
    const resultBatches = new BatchBuffer<FileResult>(
      RESULTS_INTERVAL_MS,
      (batch) => this.resultListeners.emit(batch),
      RESULTS_BATCH_BYTES,
    );
    let lastSnapshot: JobProgress | null = null;
    const progress = new LatestThrottle<JobProgress>(PROGRESS_INTERVAL_MS, (snapshot) =>
      this.progressListeners.emit(snapshot),
    );

    const handle = startJob(
      inputs,
      checked,
      {
        workerScript: this.options.workerScript,
        tempRoot,
        ...(this.options.spawnProcess ? { spawnProcess: this.options.spawnProcess } : {}),
      },
      {
        onProgress: (snapshot) => {
          lastSnapshot = snapshot;
          // The final snapshot waits for `done`: a UI that sees it can export at once.
          if (isFinal(snapshot)) return;
          // The timeline goes with the progress: what changed since the last snapshot.
          this.timelineListeners.emit(handle.timeline.update());
          // Files a worker has started (and not finished) show as running in the input list.
          for (const worker of snapshot.workers) {
            const index = worker.file === null ? undefined : indexByPath.get(worker.file);
            const id = index === undefined ? undefined : ids[index];
            if (index !== undefined && id !== undefined && !results.has(index)) {
              this.inputs.setStatus(id, 'running');
            }
          }
          progress.push(snapshot);
        },
        liveTimeline: true,
        onResult: (result, jsonBytes) => {
          results.set(result.index, result);
          const id = ids[result.index];
          if (id !== undefined) this.inputs.setStatus(id, result.ok ? 'ok' : 'failed');
          resultBatches.push(result, jsonBytes);
        },
      },
    );
    this.defaultWorkers = checked.workers;
    const record: JobRecord = {
      id: handle.id,
      options: checked,
      handle,
      results,
      summary: null,
      settled: handle.done.then(
        (summary) => {
          record.summary = summary;
          // Results first, so a UI that sees the final snapshot already has every result.
          resultBatches.flush();
          this.timelineListeners.emit(handle.timeline.update());
          if (lastSnapshot) progress.push(lastSnapshot);
          progress.flush();
        },
        (error: unknown) => {
          resultBatches.flush();
          this.timelineListeners.emit(handle.timeline.update());
          // The job could not run: say why in a final snapshot, so no UI waits for it forever.
          progress.push(failedSnapshot(handle.id, lastSnapshot, checked, error));
          progress.flush();
          if (this.job === record) this.job = null;
          throw error;
        },
      ),
    };
    // The settled promise is awaited by dispose(); never let its rejection go unhandled.
    record.settled.catch(() => undefined);
    this.job = record;
    if (this.cancelledWhileStarting) handle.cancel();
    return { jobId: handle.id };
  }

  async resize(workers: number): Promise<void> {
    const checked = parseInteger(workers, 'workers', 1, this.cores);
    this.defaultWorkers = checked;
    if (this.starting) this.resizedWhileStarting = checked;
    else if (this.isRunning()) this.job?.handle.resize(checked);
  }

  /** The worker count the next job starts with unless told otherwise (the last slider value). */
  get workers(): number {
    return this.defaultWorkers;
  }

  async cancel(): Promise<void> {
    if (this.starting) this.cancelledWhileStarting = true;
    else if (this.isRunning()) this.job?.handle.cancel();
  }

  async getResults(): Promise<FileResult[]> {
    const results = this.job?.results;
    if (!results) return [];
    return [...results.values()].sort((a, b) => a.index - b.index);
  }

  async readSource(file: string, offset: number): Promise<SourceExcerpt> {
    const path = parseAbsolutePath(file, 'file');
    const at = parseInteger(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    // Only an input of the last job: the UI shows where its errors are, nothing else.
    const result = [...(this.job?.results.values() ?? [])].find((entry) => entry.file === path);
    if (result === undefined) throw new Error('Only a file of the last job can be read');
    return readSourceExcerpt(path, at, result.encoding);
  }

  onProgress(listener: (progress: JobProgress) => void): Unsubscribe {
    return this.progressListeners.add(listener);
  }

  onResults(listener: (results: FileResult[]) => void): Unsubscribe {
    return this.resultListeners.add(listener);
  }

  async getTimeline(): Promise<TimelineUpdate | null> {
    return this.job?.handle.timeline.full() ?? null;
  }

  onTimeline(listener: (update: TimelineUpdate) => void): Unsubscribe {
    return this.timelineListeners.add(listener);
  }

  async exportHtmlReport(destination?: string): Promise<ExportOutcome> {
    const checkedDestination = parseOptionalAbsolutePath(destination, 'destination');
    const finished = this.finishedJob('export a report');
    const assetsDir = this.options.reportAssetsDir;
    if (assetsDir === undefined) throw new Error('The HTML report is not built (npm run build)');
    const job = this.job;
    const summary = job?.summary;
    if (!job || !summary) throw new Error('Wait for the job to finish before you export a report');
    return this.tracked(async () => {
      const path =
        checkedDestination ??
        join(await this.ensureTempDir(), `xmlpool-report-${finished.jobId}.html`);
      const timeline = job.handle.timeline.full();
      await writeHtmlReport(
        {
          summary: reportSummary(summary, job.options, timeline.startedAt),
          timeline: this.namedTimeline(timeline),
          results: () => summary.results(),
          nameOf: (result) => this.shownName(result.file, result.relative),
          assets: await readReportAssets(assetsDir),
        },
        path,
      );
      return { status: 'saved', path };
    });
  }

  /** How a report names a file: as the user dropped it (browser mode), else relative. */
  private shownName(file: string, relative: string | undefined): string {
    return this.options.displayPath?.(file) ?? relative ?? file;
  }

  /** The timeline with its files named as reports name them (no server temp paths). */
  private namedTimeline(timeline: TimelineUpdate): TimelineUpdate {
    const rename = this.options.displayPath;
    if (!rename) return timeline;
    const files = timeline.files.map((file) => {
      const name = rename(file.path);
      return { ...file, path: name, relative: name };
    });
    return { ...timeline, files };
  }

  async exportReport(format: ReportFormat, destination?: string): Promise<ExportOutcome> {
    const checkedFormat = parseReportFormat(format);
    const checkedDestination = parseOptionalAbsolutePath(destination, 'destination');
    const summary = this.finishedJob('export a report');
    return this.tracked(async () => {
      const path =
        checkedDestination ??
        join(await this.ensureTempDir(), `xmlpool-report-${summary.jobId}.${checkedFormat}`);
      await writeReport(this.namedForReport(summary.results()), checkedFormat, path, {
        task: summary.task,
      });
      return { status: 'saved', path };
    });
  }

  private async *namedForReport(results: AsyncIterable<FileResult>): AsyncIterable<FileResult> {
    const name = this.options.displayPath;
    for await (const result of results)
      yield name ? { ...result, file: name(result.file) } : result;
  }

  /**
   * `overwrite`: replace outputs an earlier export left in the destination; without it such an
   * export fails with OutputsExistError, which the desktop app turns into a question.
   */
  async exportOutputs(
    destination?: string,
    options: { overwrite?: boolean } = {},
  ): Promise<ExportOutcome> {
    const checkedDestination = parseOptionalAbsolutePath(destination, 'destination');
    const summary = this.finishedJob('export outputs');
    if (summary.task !== 'convert') throw new Error('Only a convert job has outputs to export');
    return this.tracked(async () => {
      const path =
        checkedDestination ?? join(await this.ensureTempDir(), `xmlpool-outputs-${summary.jobId}`);
      await mkdir(path, { recursive: true });
      await exportOutputs(summary.results(), path, { overwrite: options.overwrite === true });
      return { status: 'saved', path };
    });
  }

  /** Runs an export, keeping the job's files (startJob and dispose remove them) until it ends. */
  private async tracked(exporting: () => Promise<ExportOutcome>): Promise<ExportOutcome> {
    const running = exporting();
    this.exports.add(running);
    try {
      return await running;
    } finally {
      this.exports.delete(running);
    }
  }

  private async exportsDone(): Promise<void> {
    await Promise.allSettled(this.exports);
  }

  /**
   * For a process about to exit without waiting for dispose(): no job starts any more, and the
   * running one's workers are ended at once and its temp files removed. Resolves when they are
   * gone. The service's temp folder is left to the caller, with the folder it is in.
   */
  async abortNow(): Promise<void> {
    this.disposed = true;
    await this.job?.handle.abortNow();
  }

  /** Cancels a running job, waits for it, and removes every temp folder. Idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.startSettled;
    const job = this.job;
    if (job && job.summary === null) job.handle.cancel();
    await job?.settled.catch(() => undefined);
    await this.exportsDone();
    await job?.summary?.dispose();
    this.progressListeners.clear();
    this.resultListeners.clear();
    this.timelineListeners.clear();
    if (this.tempDir) await rm(await this.tempDir, { recursive: true, force: true });
  }

  private finishedJob(action: string): {
    jobId: string;
    task: JobOptions['task'];
    results: () => AsyncIterable<FileResult>;
  } {
    const job = this.job;
    if (!job) throw new Error(`Run a job before you ${action}`);
    const summary = job.summary;
    if (!summary) throw new Error(`Wait for the job to finish before you ${action}`);
    return { jobId: job.id, task: job.options.task, results: () => summary.results() };
  }

  private assertIdle(action: string): void {
    if (this.isRunning()) throw new Error(`Cannot ${action} while a job runs`);
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('The xmlpool service has been shut down');
  }

  private ensureTempDir(): Promise<string> {
    this.tempDir ??= (async () => {
      const root = this.options.tempRoot ?? tmpdir();
      await mkdir(root, { recursive: true });
      return mkdtemp(join(root, 'xmlpool-service-'));
    })();
    return this.tempDir;
  }
}

/** Rows the UI's preview shows. */
const PREVIEW_ROWS = 20;

function readablePaths(inputs: readonly ExpandedInput[]): string[] {
  return inputs.flatMap((input) => (input.error === null ? [input.path] : []));
}

function isFinal(progress: JobProgress): boolean {
  return progress.state === 'done' || progress.state === 'cancelled' || progress.state === 'failed';
}

function failedSnapshot(
  jobId: string,
  last: JobProgress | null,
  options: JobOptions,
  error: unknown,
): JobProgress {
  const base: JobProgress = last ?? {
    jobId,
    state: 'failed',
    filesDone: 0,
    filesTotal: 0,
    bytesDone: 0,
    bytesTotal: 0,
    ok: 0,
    failed: 0,
    cancelled: 0,
    bytesPerSecond: 0,
    etaMs: null,
    elapsedMs: 0,
    targetWorkers: options.workers,
    workers: [],
  };
  return {
    ...base,
    state: 'failed',
    etaMs: null,
    error: error instanceof Error ? error.message : String(error),
  };
}

export function createXmlPoolService(options: XmlPoolServiceOptions): XmlPoolService {
  return new XmlPoolService(options);
}
