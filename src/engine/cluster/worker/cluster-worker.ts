/**
 * `xmlpool worker`: a headless process on any machine that joins a NATS server, watches the
 * jobs announced there, and serves each one it can (a shared-file-system job only when started
 * with --shared-fs) on its own local pool. Nothing that matters lives in it: killing it loses
 * nothing, its units are delivered again to other workers.
 *
 * A job whose announcements stop (its dispatcher died) is dropped after five of its heartbeats
 * of silence, counted from the last reconnect, so a server restart alone never drops a job.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Backend } from '../../../shared/tasks';
import { type ClusterConnection, connectCluster, describeError } from '../connection';
import { JOBS_STREAM, JOBS_SUBJECTS, jobKeyOfAnnouncement } from '../names';
import { parseAnnouncement, parseJson, STALE_AFTER_HEARTBEATS } from '../protocol';
import { STATUS_INTERVAL_MS } from '../remote-lanes';
import { ensureJobsStream } from '../resources';
import { retrying } from '../retry';
import { JobWorker, type WorkerIdentity } from './job-worker';

export interface ClusterWorkerOptions {
  connection: ClusterConnection;
  /** Shown in the dispatcher's lanes (default: the host name). */
  name?: string;
  slots: number;
  backend: Backend;
  workerScript: string;
  tempRoot: string;
  /** Folders a shared-file-system job may read, as given; empty: such jobs are not served. */
  sharedFs: readonly string[];
  log(line: string): void;
}

const STALE_CHECK_MS = 1000;

export class ClusterWorker {
  private nc: NatsConnection | null = null;
  private readonly jobs = new Map<string, JobWorker>();
  /** Jobs seen ended, cancelled or refused: never served (again). */
  private readonly finished = new Set<string>();
  private timers: ReturnType<typeof setInterval>[] = [];
  private lastReconnect = performance.now();
  private connected = true;
  private identity: WorkerIdentity | null = null;
  private stopped = false;

  constructor(private readonly options: ClusterWorkerOptions) {}

  /** Connects and starts serving; rejects (with a message free of secrets) when it cannot. */
  async start(): Promise<void> {
    const { options } = this;
    const name = options.name ?? hostname();
    const tempDir = await mkdtemp(join(options.tempRoot, 'xmlpool-worker-'));
    const sharedRoots = await Promise.all(options.sharedFs.map((dir) => realpath(dir)));
    this.identity = {
      id: `${name}-${randomBytes(4).toString('hex')}`,
      name,
      slots: options.slots,
      backend: options.backend,
      workerScript: options.workerScript,
      tempDir,
      sharedRoots,
      log: options.log,
    };
    const nc = await connectCluster(options.connection, `xmlpool worker ${name}`);
    this.nc = nc;
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'reconnect') {
          this.connected = true;
          this.lastReconnect = performance.now();
          options.log('reconnected to NATS');
        } else if (status.type === 'disconnect')
          options.log('disconnected from NATS, reconnecting');
      }
    })();
    await retrying(nc, async () => ensureJobsStream(await jetstreamManager(nc)));
    this.timers.push(setInterval(() => this.publishStatus(), STATUS_INTERVAL_MS));
    this.timers.push(setInterval(() => this.dropStaleJobs(), STALE_CHECK_MS));
    void this.watchJobs(nc);
    options.log(`worker ${name}: connected, ${options.slots} slot(s), waiting for jobs`);
  }

  /** Leaves every job (running units go back to the queue for other workers) and disconnects. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    const jobs = [...this.jobs.values()];
    this.jobs.clear();
    await Promise.all(jobs.map((job) => job.stop('leave')));
    for (const job of jobs) this.nc?.publish(job.names.statusSubject, JSON.stringify(job.status()));
    await this.nc?.drain().catch(() => undefined);
    if (this.identity) await rm(this.identity.tempDir, { recursive: true, force: true });
  }

  /** For a process about to exit without waiting (a second signal): its fetched files go now. */
  removeTempDirNow(): void {
    if (this.identity) rmSync(this.identity.tempDir, { recursive: true, force: true });
  }

  /** Watches the jobs stream: the latest announcement of each job, then every new one. */
  private async watchJobs(nc: NatsConnection): Promise<void> {
    const js = jetstream(nc);
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(JOBS_STREAM, {
          filter_subjects: JOBS_SUBJECTS,
          deliver_policy: DeliverPolicy.LastPerSubject,
        });
        const messages = await consumer.consume();
        for await (const message of messages) {
          if (this.stopped) break;
          this.onAnnouncement(message.subject, message.string(), nc, js);
        }
      } catch (error) {
        if (this.stopped || nc.isClosed()) return;
        this.options.log(
          `watching jobs: ${describeError(error, this.options.connection)}; retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private onAnnouncement(
    subject: string,
    text: string,
    nc: NatsConnection,
    js: ReturnType<typeof jetstream>,
  ): void {
    const key = jobKeyOfAnnouncement(subject);
    if (key === null || this.finished.has(key) || this.identity === null) return;
    const announcement = parseAnnouncement(parseJson(text));
    if (announcement === null || announcement.job !== key) {
      this.finished.add(key);
      this.options.log(`job ${key}: ignored, its announcement is not valid`);
      return;
    }
    const job = this.jobs.get(key);
    if (announcement.state !== 'running') {
      this.finished.add(key);
      if (job) this.end(job, `job ${key}: ${announcement.state}`);
      return;
    }
    if (job) {
      job.heard(announcement);
      return;
    }
    if (announcement.sharedFs && this.identity.sharedRoots.length === 0) {
      this.finished.add(key);
      this.options.log(
        `job ${key}: needs a shared file system; not served (start with --shared-fs DIR)`,
      );
      return;
    }
    const created = new JobWorker(nc, js, this.identity, announcement);
    this.jobs.set(key, created);
    // At once, so the dispatcher shows this worker's lane even for a job over in a moment.
    nc.publish(created.names.statusSubject, JSON.stringify(created.status()));
    created.start().catch((error: unknown) => {
      this.end(
        created,
        `job ${key}: cannot serve it: ${describeError(error, this.options.connection)}`,
      );
    });
  }

  private end(job: JobWorker, why: string): void {
    if (this.jobs.get(job.names.key) === job) this.jobs.delete(job.names.key);
    this.finished.add(job.names.key);
    this.options.log(why);
    void job.stop('drop');
  }

  private dropStaleJobs(): void {
    const now = performance.now();
    // While cut off from the server, silence says nothing about the dispatchers.
    if (!this.connected) return;
    for (const job of this.jobs.values()) {
      const since = Math.max(job.lastHeard, this.lastReconnect);
      if (now - since > STALE_AFTER_HEARTBEATS * job.heartbeatMs) {
        this.end(job, `job ${job.names.key}: its dispatcher is gone; dropped`);
      }
    }
  }

  private publishStatus(): void {
    const nc = this.nc;
    if (nc === null || nc.isClosed()) return;
    for (const job of this.jobs.values()) {
      nc.publish(job.names.statusSubject, JSON.stringify(job.status()));
    }
  }
}
