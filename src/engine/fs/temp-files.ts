/**
 * The temp files the engine writes beside real files, outside any temp folder: atomic writes
 * (atomic-file.ts), a split convert's part files and a streamed convert's scratch file. A run
 * that is killed, or whose worker is ended mid-write, leaves them in the user's folders, so each
 * name says it is ours and whose it is:
 *
 *     .<name>[.<purpose>].xmlpool-<host>-<pid>-<job>-<random>.tmp
 *
 * `host` is a hash of the machine's name, `pid` the process that owns the work (a job's
 * workers, threads or processes, write for the process that runs the job), `job` the job's tag
 * (00000000 outside a job). That lets
 * - a process about to exit remove its own at once (the CLI's second Ctrl-C);
 * - a job remove, when it ends, what its ended or crashed workers left;
 * - the next run into a folder remove what a killed run left: files whose owner on this machine
 *   is gone, or that are old;
 * and nothing ever removes a file whose name does not match, however it looks otherwise.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** Whose a temp file is. */
export interface TempOwner {
  host: string;
  pid: number;
  job: string;
}

const NO_JOB = '00000000';
/** A temp file this old is stale even when its owner can't be shown to be gone (another host). */
export const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
/**
 * Names keep at most this many bytes of the file they stand beside: names are limited to 255
 * bytes, and a part file's own atomic temp file nests one temp name in another.
 */
const NAME_BYTES = 100;

const TEMP_NAME = /^\..*\.xmlpool-([0-9a-f]{6})-([1-9][0-9]{0,9})-([0-9a-f]{8})-[0-9a-f]{8}\.tmp$/s;
const OWNER_TAG = /^([0-9a-f]{6})-([1-9][0-9]{0,9})-([0-9a-f]{8})$/;

export const THIS_HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);

/** Whose the temp files this process (or worker thread) writes are: set once by a pool worker. */
let currentOwner: TempOwner = { host: THIS_HOST, pid: process.pid, job: NO_JOB };

/** The owner of a job's temp files: this process, and the job's tag. */
export function jobTempOwner(jobId: string): string {
  const job = jobId.replaceAll('-', '').slice(0, 8).padEnd(8, '0').toLowerCase();
  return ownerTag({
    host: THIS_HOST,
    pid: process.pid,
    job: /^[0-9a-f]{8}$/.test(job) ? job : NO_JOB,
  });
}

/** `host-pid-job`, as it appears in names and travels to workers. */
export function ownerTag(owner: TempOwner): string {
  return `${owner.host}-${owner.pid}-${owner.job}`;
}

export function parseOwnerTag(tag: string): TempOwner | null {
  const match = OWNER_TAG.exec(tag);
  if (match === null) return null;
  return { host: match[1] ?? '', pid: Number(match[2]), job: match[3] ?? '' };
}

/** A pool worker writes its temp files for the job that started it (its `init` message). */
export function writeTempFilesFor(tag: string): void {
  const owner = parseOwnerTag(tag);
  if (owner === null) throw new Error(`not a temp file owner: ${tag}`);
  currentOwner = owner;
}

/** The owner of a temp file, by its name; null for any name that is not one of ours. */
export function tempFileOwner(name: string): TempOwner | null {
  const match = TEMP_NAME.exec(name);
  if (match === null) return null;
  return { host: match[1] ?? '', pid: Number(match[2]), job: match[3] ?? '' };
}

/** A new temp file's path beside `path`, e.g. `.a.json.xmlpool-….tmp` or `.a.ndjson.part-3.xmlpool-….tmp`. */
export function tempPathBeside(path: string, purpose?: string): string {
  const name = `${leadingBytes(basename(path), NAME_BYTES)}${purpose ? `.${purpose}` : ''}`;
  const random = randomBytes(4).toString('hex');
  return join(dirname(path), `.${name}.xmlpool-${ownerTag(currentOwner)}-${random}.tmp`);
}

/** The longest start of `text` within `limit` UTF-8 bytes, never cutting a character. */
function leadingBytes(text: string, limit: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > limit) break;
    end += char.length;
  }
  return text.slice(0, end);
}

export type OwnerFilter = (owner: TempOwner) => boolean;

/** This process's files (any job): for a process about to exit. */
export const ownedByThisProcess: OwnerFilter = (owner) =>
  owner.host === THIS_HOST && owner.pid === process.pid;

/** One job's files. */
export function ownedByJob(tag: string): OwnerFilter {
  return (owner) => ownerTag(owner) === tag;
}

/**
 * Removes, at once, the temp files in `folders` (not their subfolders) whose owner passes
 * `owned`. For a process about to exit: nothing may be left for later.
 */
export function removeTempFilesSync(folders: Iterable<string>, owned: OwnerFilter): void {
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue; // gone, or never made
    }
    for (const name of names) {
      const owner = tempFileOwner(name);
      if (owner === null || !owned(owner)) continue;
      const path = join(folder, name);
      try {
        if (lstatSync(path).isFile()) unlinkSync(path);
      } catch {
        // Removed meanwhile, or not ours to remove: leave it.
      }
    }
  }
}

/** Removes the temp files in `folders` whose owner passes `owned`. Never fails. */
export async function removeTempFiles(
  folders: Iterable<string>,
  owned: OwnerFilter,
): Promise<void> {
  await Promise.all(
    [...folders].map(async (folder) => {
      for (const name of await readdir(folder).catch(() => [])) {
        const owner = tempFileOwner(name);
        if (owner !== null && owned(owner)) await removeFile(join(folder, name), () => true);
      }
    }),
  );
}

/**
 * Removes the temp files a killed run left in `folders`: ours by name, and either owned by a
 * process of this machine that no longer runs, or older than STALE_AFTER_MS. Never fails.
 */
export async function removeStaleTempFiles(
  folders: Iterable<string>,
  now: number = Date.now(),
): Promise<void> {
  await Promise.all(
    [...folders].map(async (folder) => {
      for (const name of await readdir(folder).catch(() => [])) {
        const owner = tempFileOwner(name);
        if (owner === null) continue;
        const ownerGone = owner.host === THIS_HOST && !processRuns(owner.pid);
        await removeFile(
          join(folder, name),
          (modifiedMs) => ownerGone || now - modifiedMs > STALE_AFTER_MS,
        );
      }
    }),
  );
}

/** Removes a regular file (never a folder or what a link points to) when `when` agrees. */
async function removeFile(path: string, when: (modifiedMs: number) => boolean): Promise<void> {
  try {
    const info = await lstat(path);
    if (info.isFile() && when(info.mtimeMs)) await unlink(path);
  } catch {
    // Removed meanwhile, or not ours to remove: leave it.
  }
}

/** Whether a process with this id runs on this machine (EPERM: it does, as another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}
