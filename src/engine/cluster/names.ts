/**
 * Names on the NATS server. Everything a job creates is named after its id, so it can be found
 * and removed by the next run when its dispatcher died: a work-queue stream for its units, a
 * stream for the workers' reports, an object bucket for file bytes, one subject for the workers'
 * live status, one for per-unit cancels. Object names are derived from numbers the receiver
 * already knows, never taken from the wire as paths.
 */

/** Jobs in progress, one message per job (its latest announcement); watched by every worker. */
export const JOBS_STREAM = 'XMLPOOL_JOBS';
export const JOBS_SUBJECTS = 'xmlpool.jobs.>';
const JOBS_PREFIX = 'xmlpool.jobs.';

const WORK_STREAM_PREFIX = 'XMLPOOL_WORK_';
const OUT_STREAM_PREFIX = 'XMLPOOL_OUT_';
const BUCKET_PREFIX = 'XMLPOOL_OBJ_';
/** The object store keeps a bucket in a stream named `OBJ_<bucket>`. */
const BUCKET_STREAM_PREFIX = `OBJ_${BUCKET_PREFIX}`;

/** A job id: letters, digits and dashes (a UUID), so it is safe in stream names and subjects. */
const JOB_KEY = /^[A-Za-z0-9-]{1,64}$/;

export function isJobKey(value: unknown): value is string {
  return typeof value === 'string' && JOB_KEY.test(value);
}

export interface JobNames {
  key: string;
  announce: string;
  workStream: string;
  workSubject: string;
  /** The one durable pull consumer every worker shares: the work queue. */
  workConsumer: string;
  outStream: string;
  outSubject: string;
  /** The dispatcher's durable consumer of reports: survives a server restart. */
  outConsumer: string;
  statusSubject: string;
  cancelSubject: string;
  bucket: string;
}

export function jobNames(key: string): JobNames {
  if (!isJobKey(key)) throw new RangeError(`not a job id: ${key}`);
  return {
    key,
    announce: `${JOBS_PREFIX}${key}`,
    workStream: `${WORK_STREAM_PREFIX}${key}`,
    workSubject: `xmlpool.work.${key}`,
    workConsumer: 'workers',
    outStream: `${OUT_STREAM_PREFIX}${key}`,
    outSubject: `xmlpool.out.${key}`,
    outConsumer: 'dispatcher',
    statusSubject: `xmlpool.status.${key}`,
    cancelSubject: `xmlpool.cancel.${key}`,
    bucket: `${BUCKET_PREFIX}${key}`,
  };
}

/** The job a stream belongs to, or null for a stream that is not a job's. */
export function jobKeyOfStream(stream: string): string | null {
  for (const prefix of [WORK_STREAM_PREFIX, OUT_STREAM_PREFIX, BUCKET_STREAM_PREFIX]) {
    if (stream.startsWith(prefix)) {
      const key = stream.slice(prefix.length);
      return isJobKey(key) ? key : null;
    }
  }
  return null;
}

export function jobKeyOfAnnouncement(subject: string): string | null {
  const key = subject.startsWith(JOBS_PREFIX) ? subject.slice(JOBS_PREFIX.length) : '';
  return isJobKey(key) ? key : null;
}

/** A unit id: `u` and a number, unique within its job. */
const UNIT_ID = /^u\d{1,15}$/;

export function isUnitId(value: unknown): value is string {
  return typeof value === 'string' && UNIT_ID.test(value);
}

/** The bytes of input `index` (position in the job's input list). */
export function inputObject(index: number): string {
  return `in/${index}`;
}

/** A file a worker wrote (a convert output or part) for output `n` of one delivery of a unit. */
export function outputObject(unit: string, delivery: number, n: number): string {
  return `out/${unit}/${delivery}/${n}`;
}

/** A report too big for one message, stored as an object instead. */
export function reportObject(unit: string, delivery: number, n: number): string {
  return `res/${unit}/${delivery}/${n}`;
}

/** Whether `name` is an output or report object of `unit`, the only ones a report may name. */
export function isObjectOfUnit(name: unknown, unit: string): name is string {
  return (
    typeof name === 'string' && new RegExp(`^(?:out|res)/${unit}/\\d{1,6}/\\d{1,9}$`).test(name)
  );
}
