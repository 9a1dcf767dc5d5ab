/**
 * The server-side things a job owns, their creation and their removal. Each carries the job's
 * TTL as its message age limit, so a job whose dispatcher died leaves at most empty streams,
 * which the next dispatcher to start removes (`removeAbandonedJobs`).
 */
import {
  AckPolicy,
  DiscardPolicy,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import type { ObjectStore, Objm } from '@nats-io/obj';
import { nanos } from '@nats-io/transport-node';
import {
  JOBS_STREAM,
  JOBS_SUBJECTS,
  type JobNames,
  jobKeyOfAnnouncement,
  jobKeyOfStream,
} from './names';
import { isGone } from './retry';

/** Announcements older than this are dropped by the server: a job re-announces far more often. */
const ANNOUNCEMENT_MAX_AGE_MS = 10 * 60 * 1000;

/** The jobs stream: created by whichever dispatcher or worker comes first (idempotent). */
export async function ensureJobsStream(jsm: JetStreamManager, replicas = 1): Promise<void> {
  try {
    await jsm.streams.info(JOBS_STREAM);
    return;
  } catch (error) {
    if (!isGone(error)) throw error;
  }
  try {
    await jsm.streams.add({
      name: JOBS_STREAM,
      subjects: [JOBS_SUBJECTS],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_msgs_per_subject: 1,
      num_replicas: replicas,
      max_age: nanos(ANNOUNCEMENT_MAX_AGE_MS),
      discard: DiscardPolicy.Old,
    });
  } catch (error) {
    // Another process created it in between: fine, as long as it exists now.
    await jsm.streams.info(JOBS_STREAM).catch(() => {
      throw error;
    });
  }
}

export interface JobResourceSettings {
  ttlMs: number;
  ackWaitMs: number;
  maxDeliver: number;
  replicas: number;
}

/** Streams, consumers and bucket of a new job. */
export async function createJobResources(
  jsm: JetStreamManager,
  objm: Objm,
  names: JobNames,
  settings: JobResourceSettings,
): Promise<ObjectStore> {
  const maxAge = nanos(settings.ttlMs);
  await jsm.streams.add({
    name: names.workStream,
    subjects: [names.workSubject],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: settings.replicas,
    max_age: maxAge,
    // A unit published twice (a retried publish after a server restart) is stored once.
    duplicate_window: nanos(Math.min(settings.ttlMs, 10 * 60 * 1000)),
  });
  await jsm.consumers.add(names.workStream, {
    durable_name: names.workConsumer,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(settings.ackWaitMs),
    // One more than the limit: that last delivery goes to a worker only to report the failure,
    // so it travels back like every result, through the persisted report stream.
    max_deliver: settings.maxDeliver + 1,
    max_ack_pending: -1,
  });
  await jsm.streams.add({
    name: names.outStream,
    subjects: [names.outSubject],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    num_replicas: settings.replicas,
    max_age: maxAge,
    duplicate_window: nanos(Math.min(settings.ttlMs, 10 * 60 * 1000)),
  });
  await jsm.consumers.add(names.outStream, {
    durable_name: names.outConsumer,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(60_000),
    max_ack_pending: -1,
  });
  return objm.create(names.bucket, {
    storage: StorageType.File,
    ttl: maxAge,
    replicas: settings.replicas,
  });
}

/** Removes a job's streams and bucket; what is already gone is fine. */
export async function removeJobResources(jsm: JetStreamManager, key: string): Promise<void> {
  const streams: string[] = [];
  for await (const name of jsm.streams.names()) {
    if (jobKeyOfStream(name) === key) streams.push(name);
  }
  await Promise.all(
    streams.map((name) =>
      jsm.streams.delete(name).catch((error: unknown) => {
        if (!isGone(error)) throw error;
      }),
    ),
  );
}

/**
 * Removes every job whose dispatcher is gone: its announcement vanished, or was not renewed
 * within five of its heartbeats (measured on the server's clock, against `now`, the time the
 * server gave this dispatcher's own fresh announcement).
 */
export async function removeAbandonedJobs(
  jsm: JetStreamManager,
  now: { key: string; serverTimeMs: number },
  staleAfter: (announcement: unknown) => number | null,
): Promise<string[]> {
  const alive = new Set<string>([now.key]);
  const info = await jsm.streams.info(JOBS_STREAM, { subjects_filter: JOBS_SUBJECTS });
  for (const subject of Object.keys(info.state.subjects ?? {})) {
    const key = jobKeyOfAnnouncement(subject);
    if (key === null || key === now.key) continue;
    const message = await jsm.streams.getMessage(JOBS_STREAM, { last_by_subj: subject });
    if (message === null) continue;
    const limit = staleAfter(message.json());
    const ageMs = now.serverTimeMs - message.time.getTime();
    if (limit !== null && ageMs <= limit) alive.add(key);
  }
  const abandoned = new Set<string>();
  for await (const name of jsm.streams.names()) {
    const key = jobKeyOfStream(name);
    if (key !== null && !alive.has(key)) abandoned.add(key);
  }
  for (const key of abandoned) {
    await removeJobResources(jsm, key);
    await jsm.streams.purge(JOBS_STREAM, { filter: `xmlpool.jobs.${key}` }).catch(() => undefined);
  }
  return [...abandoned];
}
