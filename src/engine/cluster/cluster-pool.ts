/**
 * The dispatcher: a pool whose workers are `xmlpool worker` processes on other machines,
 * reached through NATS JetStream. It has the face of the local WorkerPool (UnitPool), so a job
 * plans, merges and reports exactly as it does locally.
 *
 * - Each unit becomes a message on the job's work-queue stream; workers pull, so a faster
 *   machine takes more. Units are sent a window at a time (twice the live remote slots), so the
 *   stream and the object bucket hold little more than what is being worked on.
 * - File bytes go up to the job's object bucket first, unless every worker sees the same paths
 *   (`sharedFs`).
 * - Workers report outputs and each unit's end on the job's report stream (persisted, so a server
 *   restart loses nothing). The first report of a file (or chunk) wins: a unit delivered twice
 *   (its worker was slow or died, a redelivery raced it) counts once.
 * - Convert outputs come back through the bucket; the dispatcher alone decides where they go
 *   (the same outputPathFor as a local run) and writes them atomically.
 */
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { JsMsg } from '@nats-io/jetstream';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { WorkerProgress } from '../../shared/progress';
import type { FileResult, XmlError } from '../../shared/results';
import type { ClusterOptions, JobOptions } from '../../shared/tasks';
import { outputPathFor } from '../convert/output-path';
import { chunkPartPath, rowPartPath, rowPartsDir } from '../extract/row-part';
import { checkStillAsPlanned, FileChangedError } from '../fs/file-stamp';
import { plainError, unreadFileResult } from '../job/failed-result';
import { JobSetupError } from '../job/setup-error';
import { newSubmission, outcomeOf, type Submission } from '../pool/pool-task';
import type { UnitOutcome, UnitPool } from '../pool/types';
import { partPathFor } from '../split/run-chunk';
import type { FileRef, UnitOutput, WorkUnit } from '../tasks/types';
import { ClusterError, connectCluster, describeError } from './connection';
import { inputObject, type JobNames, jobNames } from './names';
import { deleteObjects, getFile, putFile } from './objects';
import {
  isReport,
  isWorkerStatus,
  type JobAnnouncement,
  PROTOCOL_VERSION,
  parseAnnouncement,
  parseJson,
  type RemoteEnd,
  type Report,
  STALE_AFTER_HEARTBEATS,
  sameFailure,
  type UnitCancel,
  type UnitMessage,
} from './protocol';
import { RemoteLanes } from './remote-lanes';
import {
  createJobResources,
  ensureJobsStream,
  removeAbandonedJobs,
  removeJobResources,
} from './resources';
import { retrying } from './retry';

export interface ClusterPoolOptions {
  jobId: string;
  cluster: ClusterOptions;
  /** The job's options; workers get them without the output folder and the cluster settings. */
  jobOptions: JobOptions;
  /** Where convert outputs go: the dispatcher's own folder, as for a local run. */
  outputDir: string;
}

/** Units sent ahead of the workers, at least (more when more remote slots report). */
const MIN_IN_FLIGHT = 8;
/** Best-effort calls at the end (announce the end, remove the streams) wait at most this. */
const CLOSE_WAIT_MS = 5000;
/** A convert output may be this many times its input, plus a margin, before it is refused. */
const OUTPUT_SIZE_FACTOR = 8;
const OUTPUT_SIZE_MARGIN = 64 * 1024 * 1024;

interface Link {
  nc: NatsConnection;
  js: ReturnType<typeof jetstream>;
  store: ObjectStore;
}

interface RemoteUnit {
  id: string;
  work: WorkUnit;
  submission: Submission;
  /** Input indexes (or the chunk's file index) whose output was taken. */
  received: Set<number>;
  /** Reports of this unit are handled one after another, in the order they arrived. */
  reports: Promise<void>;
}

function filesOf(work: WorkUnit): FileRef[] {
  return work.kind === 'files' ? work.files : [work.file];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([
    promise.catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref()),
  ]);
}

export class ClusterPool implements UnitPool {
  private readonly names: JobNames;
  private readonly started: Promise<Link>;
  private link: Link | null = null;
  private readonly lanes = new RemoteLanes();
  private readonly queue: RemoteUnit[] = [];
  private readonly pending = new Map<string, RemoteUnit>();
  private readonly uploads = new Map<number, Promise<XmlError | null>>();
  private inFlight = 0;
  private nextUnit = 1;
  private target: number;
  private cancelled = false;
  private closed = false;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private stopReports: (() => void) | null = null;
  private readonly heartbeatMs: number;

  constructor(private readonly options: ClusterPoolOptions) {
    this.names = jobNames(options.jobId);
    this.target = options.jobOptions.workers;
    this.heartbeatMs = Math.min(5000, Math.max(250, Math.round(options.cluster.ackWaitMs / 2)));
    this.started = this.start();
    // Seen by ready(); an unobserved rejection must not end the process.
    this.started.catch(() => undefined);
  }

  ready(): Promise<void> {
    return this.started.then(() => undefined);
  }

  get targetSize(): number {
    return this.target;
  }

  /** Remote workers decide their own size; the target only sizes the plan. */
  resize(size: number): void {
    this.target = size;
  }

  submit(
    unit: WorkUnit,
    onOutput: (output: UnitOutput, workerId: number) => void,
    signal?: AbortSignal,
  ): Promise<UnitOutcome> {
    return new Promise((resolve) => {
      const submission = newSubmission(onOutput, resolve);
      const remote = this.newUnit(unit, submission);
      if (this.cancelled || this.closed || signal?.aborted) {
        this.cancelUnit(remote);
        return;
      }
      signal?.addEventListener('abort', () => this.abortSubmission(submission), { once: true });
      this.queue.push(remote);
      this.pump();
    });
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.cancelEverything();
    void this.announce('cancelled');
  }

  snapshot(): WorkerProgress[] {
    return this.lanes.snapshot(performance.now());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelEverything();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.stopReports?.();
    const link = await this.started.catch(() => null);
    if (link === null) return;
    await withTimeout(this.announce('ended'), CLOSE_WAIT_MS);
    await withTimeout(
      (async () => {
        const jsm = await jetstreamManager(link.nc);
        await removeJobResources(jsm, this.names.key);
        await jsm.streams.purge('XMLPOOL_JOBS', { filter: this.names.announce });
      })(),
      CLOSE_WAIT_MS,
    );
    await withTimeout(link.nc.close(), CLOSE_WAIT_MS);
  }

  // --- start ---------------------------------------------------------------------------------

  private async start(): Promise<Link> {
    const { cluster } = this.options;
    let nc: NatsConnection;
    try {
      nc = await connectCluster(cluster, `xmlpool dispatcher ${hostname()}`);
    } catch (error) {
      throw new JobSetupError(error instanceof ClusterError ? error.message : String(error));
    }
    try {
      const jsm = await jetstreamManager(nc);
      const js = jetstream(nc);
      await ensureJobsStream(jsm, cluster.replicas);
      const store = await createJobResources(jsm, new Objm(js), this.names, {
        ttlMs: cluster.jobTtlMs,
        ackWaitMs: cluster.ackWaitMs,
        maxDeliver: cluster.maxDeliver,
        replicas: cluster.replicas,
      });
      const link: Link = { nc, js, store };
      this.link = link;
      nc.subscribe(this.names.statusSubject, {
        callback: (error, message) => {
          if (error) return;
          const status = parseJson(message.string());
          if (isWorkerStatus(status)) {
            this.lanes.update(status, performance.now());
            this.pump();
          }
        },
      });
      await this.readReports(link);
      await this.announce('running');
      this.heartbeat = setInterval(() => void this.announce('running'), this.heartbeatMs);
      await this.removeAbandoned(jsm).catch(() => undefined);
      this.pump();
      return link;
    } catch (error) {
      await nc.close().catch(() => undefined);
      throw new JobSetupError(
        `cannot set up the job on NATS at ${cluster.servers}: ${describeError(error, cluster)}`,
      );
    }
  }

  private async removeAbandoned(jsm: Awaited<ReturnType<typeof jetstreamManager>>): Promise<void> {
    const own = await jsm.streams.getMessage('XMLPOOL_JOBS', { last_by_subj: this.names.announce });
    if (own === null) return;
    await removeAbandonedJobs(
      jsm,
      { key: this.names.key, serverTimeMs: own.time.getTime() },
      (json) => {
        const announcement = parseAnnouncement(json);
        return announcement?.state === 'running'
          ? STALE_AFTER_HEARTBEATS * announcement.heartbeatMs
          : null;
      },
    );
  }

  private async announce(state: JobAnnouncement['state']): Promise<void> {
    const link = this.link;
    if (link === null) return;
    const { cluster, jobOptions } = this.options;
    const announcement: JobAnnouncement = {
      v: PROTOCOL_VERSION,
      job: this.names.key,
      state,
      options: { ...jobOptions, outDir: null, force: false, cluster: null },
      sharedFs: cluster.sharedFs,
      ackWaitMs: cluster.ackWaitMs,
      maxDeliver: cluster.maxDeliver,
      heartbeatMs: this.heartbeatMs,
    };
    try {
      await link.js.publish(this.names.announce, JSON.stringify(announcement));
    } catch {
      // The next heartbeat announces again.
    }
  }

  // --- sending units -------------------------------------------------------------------------

  private newUnit(work: WorkUnit, submission: Submission): RemoteUnit {
    const id = `u${this.nextUnit++}`;
    return { id, work, submission, received: new Set(), reports: Promise.resolve() };
  }

  private pump(): void {
    if (this.link === null || this.cancelled || this.closed) return;
    const window = Math.max(MIN_IN_FLIGHT, 2 * this.lanes.liveSlots(performance.now()));
    while (this.inFlight < window) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.inFlight += 1;
      this.pending.set(next.id, next);
      void this.send(next);
    }
  }

  private async send(unit: RemoteUnit): Promise<void> {
    const link = this.link;
    if (link === null) return;
    try {
      if (!this.options.cluster.sharedFs) {
        const sent = await this.upload(unit, link);
        if (!sent) return;
      }
      const message: UnitMessage = { v: PROTOCOL_VERSION, unit: unit.id, work: unit.work };
      await retrying(link.nc, () =>
        link.js.publish(this.names.workSubject, JSON.stringify(message), { msgID: unit.id }),
      );
    } catch (error) {
      if (!this.pending.has(unit.id)) return;
      const reason = describeError(error, this.options.cluster);
      this.finish(
        unit,
        sameFailure(
          filesOf(unit.work).map((f) => f.index),
          plainError('crash', `cannot send the unit to NATS: ${reason}`),
          0,
        ),
      );
    }
  }

  /**
   * Puts the unit's input bytes in the bucket (each file once, however many chunks it has).
   * A file that cannot be read fails alone, as a local worker would fail it; false when nothing
   * of the unit is left to send.
   */
  private async upload(unit: RemoteUnit, link: Link): Promise<boolean> {
    const files = filesOf(unit.work);
    const problems = await Promise.all(
      files.map((file) => {
        let upload = this.uploads.get(file.index);
        if (upload === undefined) {
          upload = (async () => {
            // The bytes sent must be the file as planned: checked before and after sending.
            await checkStillAsPlanned(file.path, file);
            await retrying(link.nc, () => putFile(link.store, inputObject(file.index), file.path));
            await checkStillAsPlanned(file.path, file);
            return null;
          })().catch((error: unknown) =>
            error instanceof FileChangedError
              ? plainError('changed', error.message)
              : plainError('io', describeError(error, this.options.cluster)),
          );
          this.uploads.set(file.index, upload);
        }
        return upload;
      }),
    );
    if (!this.pending.has(unit.id)) return false;
    if (unit.work.kind === 'chunk') {
      const problem = problems[0];
      if (problem) {
        this.finish(unit, sameFailure([unit.work.file.index], problem, 1));
        return false;
      }
      return true;
    }
    const kept: FileRef[] = [];
    files.forEach((file, i) => {
      const problem = problems[i];
      if (problem) {
        unit.received.add(file.index);
        unit.submission.onOutput(
          { kind: 'file', result: unreadFileResult(file, this.options.jobOptions.task, problem) },
          0,
        );
      } else kept.push(file);
    });
    if (kept.length === 0) {
      this.finish(unit, { status: 'done' });
      return false;
    }
    unit.work = { kind: 'files', files: kept };
    return true;
  }

  // --- reports -------------------------------------------------------------------------------

  private async readReports(link: Link): Promise<void> {
    const consumer = await link.js.consumers.get(this.names.outStream, this.names.outConsumer);
    const messages = await consumer.consume({ max_messages: 256 });
    this.stopReports = () => void messages.stop();
    void (async () => {
      for await (const message of messages) this.onReportMessage(message, link);
    })().catch(() => undefined);
  }

  private onReportMessage(message: JsMsg, link: Link): void {
    const report = parseJson(message.string());
    if (!isReport(report)) {
      message.term();
      return;
    }
    const unit = this.pending.get(report.unit);
    if (unit === undefined) {
      // A late duplicate, or a unit cancelled meanwhile: only its stored files need removing.
      void this.discardObjects(report, link).finally(() => message.ack());
      return;
    }
    unit.reports = unit.reports
      .then(() => this.onReport(unit, report, link))
      .catch(() => undefined)
      .finally(() => message.ack());
  }

  private async onReport(unit: RemoteUnit, report: Report, link: Link): Promise<void> {
    if (!this.pending.has(unit.id)) {
      await this.discardObjects(report, link);
      return;
    }
    const now = performance.now();
    if (report.type === 'stored') {
      const bytes = await retrying(link.nc, () => link.store.getBlob(report.object.name));
      await deleteObjects(link.store, [report.object.name]);
      const inner = bytes === null ? null : parseJson(new TextDecoder().decode(bytes));
      if (isReport(inner) && inner.unit === unit.id && inner.type !== 'stored') {
        await this.onReport(unit, inner, link);
      }
      return;
    }
    if (report.type === 'end') {
      this.lanes.unitDone(report.worker, now);
      this.finish(unit, report.end);
      return;
    }
    const key =
      report.output.kind === 'file'
        ? report.output.result.index
        : unit.work.kind === 'chunk'
          ? unit.work.file.index
          : -1;
    const file = filesOf(unit.work).find((candidate) => candidate.index === key);
    if (file === undefined || unit.received.has(key)) {
      await this.discardObjects(report, link);
      return;
    }
    unit.received.add(key);
    const workerId = this.lanes.idOf(report.worker, now);
    const output = await this.takeOutput(file, report.output, report.object, workerId, link);
    if (this.pending.has(unit.id)) unit.submission.onOutput(output, workerId);
  }

  /** The worker's output, with the dispatcher's own paths and any file it sent fetched. */
  private async takeOutput(
    file: FileRef,
    output: UnitOutput,
    object: { name: string; size: number } | null,
    workerId: number,
    link: Link,
  ): Promise<UnitOutput> {
    const max = OUTPUT_SIZE_FACTOR * file.size + OUTPUT_SIZE_MARGIN;
    if (output.kind === 'file') {
      const result: FileResult = { ...output.result, file: file.path, index: file.index, workerId };
      if (result.ok && result.convert) {
        const target = outputPathFor(file, this.options.outputDir, result.convert.format);
        try {
          if (!target.ok) throw new Error(target.message);
          if (object === null) throw new Error('the worker sent no output file');
          await retrying(link.nc, () => getFile(link.store, object.name, target.path, { max }));
          result.convert = { ...result.convert, output: target.path };
        } catch (error) {
          result.ok = false;
          result.errors = [plainError('output', describeError(error, this.options.cluster))];
          delete result.convert;
        }
      }
      if (result.extract !== undefined && object !== null) {
        // The file's rows, where the table assembler looks for them.
        try {
          await mkdir(rowPartsDir(this.options.outputDir), { recursive: true });
          const part = rowPartPath(this.options.outputDir, file.index, 0);
          await retrying(link.nc, () => getFile(link.store, object.name, part, { max }));
        } catch (error) {
          result.ok = false;
          result.errors = [plainError('output', describeError(error, this.options.cluster))];
          delete result.extract;
        }
      }
      if (object) await deleteObjects(link.store, [object.name]);
      return { kind: 'file', result };
    }
    let result: unknown = output.result;
    if (isRecord(output.result)) {
      const record: Record<string, unknown> = { ...output.result, workerId };
      const convert = record.convert;
      if (isRecord(convert) && typeof record.start === 'number') {
        const start = record.start;
        const target = outputPathFor(file, this.options.outputDir, 'ndjson');
        try {
          if (!target.ok) throw new Error(target.message);
          if (object === null) throw new Error('the worker sent no part file');
          const part = partPathFor(target.path, output.seq, start);
          await retrying(link.nc, () => getFile(link.store, object.name, part, { max }));
          record.convert = { ...convert, output: target.path, part };
        } catch (error) {
          record.convert = null;
          record.error = plainError('output', describeError(error, this.options.cluster));
        }
      }
      const extract = record.extract;
      if (
        isRecord(extract) &&
        typeof extract.part === 'string' &&
        typeof record.start === 'number'
      ) {
        try {
          if (object === null) throw new Error('the worker sent no row part');
          await mkdir(rowPartsDir(this.options.outputDir), { recursive: true });
          const part = chunkPartPath(this.options.outputDir, file.index, output.seq, record.start);
          await retrying(link.nc, () => getFile(link.store, object.name, part, { max }));
          record.extract = { ...extract, part };
        } catch (error) {
          record.extract = null;
          record.error = plainError('output', describeError(error, this.options.cluster));
        }
      }
      result = record;
    }
    if (object) await deleteObjects(link.store, [object.name]);
    return { kind: 'chunk', file, seq: output.seq, result };
  }

  private async discardObjects(report: Report, link: Link): Promise<void> {
    const names =
      report.type === 'output' && report.object
        ? [report.object.name]
        : report.type === 'stored'
          ? [report.object.name]
          : [];
    await deleteObjects(link.store, names);
  }

  // --- ending units --------------------------------------------------------------------------

  /** A unit's first end: settle its files, free its window slot, let the next unit go. */
  private finish(unit: RemoteUnit, end: RemoteEnd): void {
    if (!this.pending.delete(unit.id)) return;
    this.inFlight -= 1;
    const left = filesOf(unit.work).filter((file) => !unit.received.has(file.index));
    if (end.status === 'split' && left.length > 0 && unit.work.kind === 'files') {
      // Each file again on its own, first in line: only the culprit of the batch fails.
      const retries = left.map((file) =>
        this.newUnit({ kind: 'files', files: [file] }, unit.submission),
      );
      unit.submission.open += retries.length;
      this.queue.unshift(...retries);
    } else if (end.status === 'failed' && left.length > 0) {
      // Each file keeps its own fault, as in a local pool.
      for (const file of left) {
        const failure = end.failures.find((f) => f.index === file.index);
        if (failure) {
          unit.submission.failures.push({ file, error: failure.error, attempts: failure.attempts });
        }
      }
    }
    if (unit.work.kind === 'files' && end.status !== 'split') this.dropInputs(unit.work.files);
    this.closeSubmission(unit.submission);
    this.pump();
  }

  /** Whole files' bytes go as soon as their unit ends; a split file's stay for re-runs. */
  private dropInputs(files: readonly FileRef[]): void {
    const link = this.link;
    if (link === null || this.options.cluster.sharedFs) return;
    void deleteObjects(
      link.store,
      files.map((file) => inputObject(file.index)),
    );
  }

  private cancelUnit(unit: RemoteUnit): void {
    unit.submission.cancelled.push(
      ...filesOf(unit.work).filter((file) => !unit.received.has(file.index)),
    );
    this.closeSubmission(unit.submission);
  }

  private closeSubmission(submission: Submission): void {
    submission.open -= 1;
    if (submission.open === 0) submission.resolve(outcomeOf(submission));
  }

  private cancelEverything(): void {
    for (const unit of this.queue.splice(0)) this.cancelUnit(unit);
    for (const unit of [...this.pending.values()]) {
      this.pending.delete(unit.id);
      this.inFlight -= 1;
      this.cancelUnit(unit);
    }
  }

  private abortSubmission(submission: Submission): void {
    if (submission.open === 0 || submission.aborted) return;
    submission.aborted = true;
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const unit = this.queue[i];
      if (unit?.submission === submission) {
        this.queue.splice(i, 1);
        this.cancelUnit(unit);
      }
    }
    for (const unit of [...this.pending.values()]) {
      if (unit.submission !== submission) continue;
      this.pending.delete(unit.id);
      this.inFlight -= 1;
      this.cancelUnit(unit);
      const cancel: UnitCancel = { v: PROTOCOL_VERSION, unit: unit.id };
      this.link?.nc.publish(this.names.cancelSubject, JSON.stringify(cancel));
    }
    this.pump();
  }
}
