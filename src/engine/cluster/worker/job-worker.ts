/**
 * One job, as a remote worker serves it: pulls units from the job's work queue (one per free
 * slot, so a faster machine takes more), fetches their bytes, runs them on a local WorkerPool
 * (the same engine and tasks as a local run), and reports every output and the unit's end on the
 * job's report stream before acknowledging the unit. A worker killed at any point loses nothing:
 * an unacknowledged unit is delivered again after ack_wait, and the dispatcher keeps the first
 * report of each file.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Consumer, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { WorkerProgress } from '../../../shared/progress';
import type { XmlError } from '../../../shared/results';
import type { Backend } from '../../../shared/tasks';
import { rowPartPath } from '../../extract/row-part';
import { pathExists } from '../../fs/path-exists';
import { plainError, unreadFileResult } from '../../job/failed-result';
import { WorkerPool } from '../../pool';
import type { UnitOutcome } from '../../pool/types';
import type { FileRef, UnitOutput, WorkUnit } from '../../tasks/types';
import { type JobNames, jobNames, outputObject, reportObject } from '../names';
import { putFile } from '../objects';
import {
  isUnitCancel,
  isUnitMessage,
  type JobAnnouncement,
  type ObjectRef,
  PROTOCOL_VERSION,
  parseJson,
  type RemoteEnd,
  type Report,
  sameFailure,
  type WorkerStatus,
} from '../protocol';
import { isGone, retrying } from '../retry';
import { LocalInputs } from './local-inputs';
import { remoteTestFault } from './test-faults';

export interface WorkerIdentity {
  /** Random per process: tells this worker's reports from another's. */
  id: string;
  /** Shown in the dispatcher's lanes; by default the host name. */
  name: string;
  slots: number;
  backend: Backend;
  workerScript: string;
  /** This worker's temp folder; each job gets a folder inside. */
  tempDir: string;
  sharedRoots: readonly string[];
  log(line: string): void;
}

/** Reports bigger than this go through the bucket (a stats result can hold 10,000 paths). */
const MAX_REPORT_BYTES = 512 * 1024;
/** How long one pull waits for a unit before asking again. */
const PULL_EXPIRES_MS = 5000;

function crashError(message: string): XmlError {
  return plainError('crash', message);
}

function filesOf(work: WorkUnit): FileRef[] {
  return work.kind === 'files' ? work.files : [work.file];
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class JobWorker {
  readonly names: JobNames;
  private pool: WorkerPool | null = null;
  private store: ObjectStore | null = null;
  private inputs: LocalInputs | null = null;
  private readonly running = new Map<string, AbortController>();
  private stopping: 'leave' | 'drop' | null = null;
  /** Aborted when the worker stops serving the job: retries through outages end there. */
  private readonly life = new AbortController();
  private cancels: Subscription | null = null;
  private loops: Promise<void>[] = [];
  private readonly dir: string;
  /** When this worker last heard the job announced (performance.now()). */
  lastHeard = performance.now();

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly me: WorkerIdentity,
    private announcement: JobAnnouncement,
  ) {
    this.names = jobNames(announcement.job);
    this.dir = join(me.tempDir, announcement.job);
  }

  get heartbeatMs(): number {
    return this.announcement.heartbeatMs;
  }

  heard(announcement: JobAnnouncement): void {
    this.announcement = announcement;
    this.lastHeard = performance.now();
  }

  async start(): Promise<void> {
    const options = this.announcement.options;
    await mkdir(join(this.dir, 'out'), { recursive: true });
    if (!this.announcement.sharedFs) {
      this.store = await retrying(
        this.nc,
        () => new Objm(this.js).open(this.names.bucket),
        this.life.signal,
      );
    }
    this.inputs = new LocalInputs(this.nc, this.store, join(this.dir, 'in'), this.me.sharedRoots);
    this.pool = new WorkerPool({
      size: this.me.slots,
      backend: this.me.backend,
      workerScript: this.me.workerScript,
      jobOptions: { ...options, workers: this.me.slots },
      outputDir: join(this.dir, 'out'),
      taskTimeoutMs: options.taskTimeoutMs,
      workerMemoryMb: options.workerMemoryMb,
    });
    this.cancels = this.nc.subscribe(this.names.cancelSubject, {
      callback: (error, message) => {
        const cancel = error ? null : parseJson(message.string());
        if (isUnitCancel(cancel)) this.running.get(cancel.unit)?.abort();
      },
    });
    const consumer = await retrying(
      this.nc,
      () => this.js.consumers.get(this.names.workStream, this.names.workConsumer),
      this.life.signal,
    );
    this.me.log(`job ${this.names.key}: joined (${options.task}, ${this.me.slots} slot(s))`);
    for (let slot = 0; slot < this.me.slots; slot++) this.loops.push(this.pull(consumer));
  }

  /**
   * Stops serving the job. 'leave' (this worker shuts down): running units go back to the queue
   * at once for other workers. 'drop' (the job ended, or its dispatcher is gone): they stop.
   */
  async stop(how: 'leave' | 'drop'): Promise<void> {
    if (this.stopping) return;
    this.stopping = how;
    this.life.abort();
    for (const abort of this.running.values()) abort.abort();
    this.cancels?.unsubscribe();
    await Promise.all(this.loops);
    await this.pool?.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  status(): WorkerStatus {
    const inputs = this.inputs;
    const lanes: WorkerProgress[] = (this.pool?.snapshot() ?? []).map((lane) => ({
      ...lane,
      file: lane.file === null || inputs === null ? lane.file : inputs.originalOf(lane.file),
    }));
    return {
      v: PROTOCOL_VERSION,
      worker: this.me.id,
      name: this.me.name,
      backend: this.me.backend,
      slots: this.me.slots,
      lanes,
      leaving: this.stopping !== null,
    };
  }

  private async pull(consumer: Consumer): Promise<void> {
    while (this.stopping === null) {
      let message: JsMsg | null;
      try {
        message = await consumer.next({ expires: PULL_EXPIRES_MS });
      } catch (error) {
        if (isGone(error)) break;
        await pause(500);
        continue;
      }
      if (message === null) continue;
      if (this.stopping !== null) {
        message.nak();
        break;
      }
      await this.take(message).catch((error: unknown) => {
        this.me.log(
          `job ${this.names.key}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
  }

  private async take(message: JsMsg): Promise<void> {
    const parsed = parseJson(message.string());
    if (!isUnitMessage(parsed)) {
      this.me.log(`job ${this.names.key}: dropped a malformed unit message`);
      message.term();
      return;
    }
    const { unit, work } = parsed;
    const delivery = message.info.deliveryCount;
    const files = filesOf(work);
    const { maxDeliver } = this.announcement;
    if (delivery > maxDeliver) {
      this.me.log(`unit ${unit}: delivered ${delivery} times, reported as a crash`);
      await this.report(unit, delivery, {
        type: 'end',
        end: sameFailure(
          files.map((file) => file.index),
          crashError(
            `the unit ended its worker ${maxDeliver} time(s) without finishing (max deliveries ${maxDeliver})`,
          ),
          maxDeliver,
        ),
      });
      await this.acknowledge(message);
      return;
    }
    if (delivery > 1 && files.length > 1) {
      // A delivery before this one ended without a report: maybe one of these files killed its
      // worker. The dispatcher sends them again one by one, so only that one fails.
      await this.report(unit, delivery, { type: 'end', end: { status: 'split' } });
      await this.acknowledge(message);
      return;
    }
    await this.execute(message, unit, work, delivery);
  }

  private async execute(
    message: JsMsg,
    unit: string,
    work: WorkUnit,
    delivery: number,
  ): Promise<void> {
    const pool = this.pool;
    const inputs = this.inputs;
    if (pool === null || inputs === null) return;
    const abort = new AbortController();
    this.running.set(unit, abort);
    this.me.log(
      `unit ${unit}: started, ${filesOf(work).length} file(s)${delivery > 1 ? `, delivery ${delivery}` : ''}`,
    );
    let keepAlive: ReturnType<typeof setInterval> | null = null;
    let temporary: string[] = [];
    try {
      if ((await remoteTestFault(work, delivery, abort.signal, this.me.log)) === 'stalled') return;
      // Tells the server the unit is still being worked on, well within ack_wait.
      keepAlive = setInterval(
        () => message.working(),
        Math.max(100, this.announcement.ackWaitMs / 3),
      );
      const local = await inputs.localize(work, abort.signal);
      temporary = local.temporary;
      let n = 0;
      let sent: Promise<void> = Promise.resolve();
      const send = (output: UnitOutput): void => {
        const number = n++;
        sent = sent.then(() => this.sendOutput(unit, delivery, number, output));
      };
      for (const { file, error } of local.failed) {
        send({
          kind: 'file',
          result: unreadFileResult(file, this.announcement.options.task, error),
        });
      }
      const outcome: UnitOutcome =
        local.work === null
          ? { status: 'done' }
          : await pool.submit(
              local.work,
              (output) => send(inputs.restorePaths(output)),
              abort.signal,
            );
      await sent;
      if (abort.signal.aborted) {
        // Leaving: another worker takes it now. Dropped or cancelled: nobody needs it.
        if (this.stopping === 'leave') message.nak();
        else message.term();
        this.me.log(`unit ${unit}: stopped`);
        return;
      }
      await this.report(unit, delivery, { type: 'end', end: endOf(outcome) });
      await this.acknowledge(message);
      this.me.log(`unit ${unit}: finished`);
    } finally {
      if (keepAlive) clearInterval(keepAlive);
      this.running.delete(unit);
      await inputs.release(temporary);
    }
  }

  private async sendOutput(
    unit: string,
    delivery: number,
    n: number,
    output: UnitOutput,
  ): Promise<void> {
    let object: ObjectRef | null = null;
    const written = await writtenFile(output, join(this.dir, 'out'));
    if (written !== null) {
      const store = await this.bucket();
      const name = outputObject(unit, delivery, n);
      const size = await retrying(this.nc, () => putFile(store, name, written), this.life.signal);
      object = { name, size };
      await rm(written, { force: true });
    }
    await this.report(unit, delivery, { type: 'output', n, output, object }, n);
  }

  /** Publishes a report (through the bucket when too big), retrying through server restarts. */
  private async report(
    unit: string,
    delivery: number,
    body:
      | { type: 'output'; n: number; output: UnitOutput; object: ObjectRef | null }
      | { type: 'end'; end: RemoteEnd },
    n = -1,
  ): Promise<void> {
    const report: Report = { v: PROTOCOL_VERSION, unit, worker: this.me.id, delivery, ...body };
    let payload = JSON.stringify(report);
    if (payload.length > MAX_REPORT_BYTES) {
      const store = await this.bucket();
      const name = reportObject(unit, delivery, n < 0 ? 999_999 : n);
      const bytes = new TextEncoder().encode(payload);
      await retrying(this.nc, () => store.putBlob({ name }, bytes), this.life.signal);
      const stored: Report = {
        v: PROTOCOL_VERSION,
        unit,
        worker: this.me.id,
        delivery,
        type: 'stored',
        object: { name, size: bytes.length },
      };
      payload = JSON.stringify(stored);
    }
    const id = `${unit}.${delivery}.${this.me.id}.${n < 0 ? 'end' : n}`;
    await retrying(
      this.nc,
      () => this.js.publish(this.names.outSubject, payload, { msgID: id }),
      this.life.signal,
    );
  }

  /** The bucket for results and outputs; a shared-file-system job opens it only when needed. */
  private async bucket(): Promise<ObjectStore> {
    this.store ??= await retrying(
      this.nc,
      () => new Objm(this.js).open(this.names.bucket),
      this.life.signal,
    );
    return this.store;
  }

  private async acknowledge(message: JsMsg): Promise<void> {
    // A lost acknowledgement only means a second delivery, which the dispatcher de-duplicates.
    await message.ackAck({ timeout: 5000 }).catch(() => false);
  }
}

function endOf(outcome: UnitOutcome): RemoteEnd {
  if (outcome.status === 'done') return { status: 'done' };
  const failures = outcome.failures.map(({ file, error, attempts }) => ({
    index: file.index,
    error,
    attempts,
  }));
  // Files the local pool stopped (the worker is leaving) fail here; the dispatcher decides.
  const stopped = outcome.status === 'cancelled' ? outcome.unfinished : [];
  for (const file of stopped) {
    failures.push({
      index: file.index,
      error: crashError('the worker stopped the unit'),
      attempts: 1,
    });
  }
  return { status: 'failed', failures };
}

/**
 * The local file an output was written to, if any: a convert output (a whole file's or a split
 * part), or an extract row part (a whole file's, at the name the task gives it, or a chunk's).
 */
async function writtenFile(output: UnitOutput, outputDir: string): Promise<string | null> {
  if (output.kind === 'file') {
    const result = output.result;
    if (result.ok && result.convert) return result.convert.output;
    if (result.extract === undefined) return null;
    // Absent when the file gave no part (--on-error skip-file dropped it).
    const part = rowPartPath(outputDir, result.index, 0);
    return (await pathExists(part)) ? part : null;
  }
  const result = output.result;
  if (typeof result !== 'object' || result === null) return null;
  // A chunk result has both fields; its task's is the one that is not null.
  for (const written of [
    'convert' in result ? result.convert : null,
    'extract' in result ? result.extract : null,
  ]) {
    if (typeof written === 'object' && written !== null && 'part' in written) {
      return typeof written.part === 'string' ? written.part : null;
    }
  }
  return null;
}
