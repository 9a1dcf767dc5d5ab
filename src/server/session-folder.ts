/**
 * The per-run temp folder of `xmlpool serve`: uploads, prepared exports and the jobs' own temp
 * folders all live under it, so removing it on exit removes everything the session wrote.
 */
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SessionFolder {
  root: string;
  /** Uploaded files, one sub-folder per upload batch. */
  uploadsDir: string;
  /** Reports and output folders prepared for download. */
  exportsDir: string;
  /** Parent of the engine's job temp folders (the service's `tempRoot`). */
  jobsDir: string;
  remove(): Promise<void>;
}

export async function createSessionFolder(parent: string = tmpdir()): Promise<SessionFolder> {
  // realpath: paths handed to the browser and checked on the way back must be canonical.
  const root = await realpath(await mkdtemp(join(parent, 'xmlpool-serve-')));
  const folder: SessionFolder = {
    root,
    uploadsDir: join(root, 'uploads'),
    exportsDir: join(root, 'exports'),
    jobsDir: join(root, 'jobs'),
    remove: () => rm(root, { recursive: true, force: true, maxRetries: 3 }),
  };
  await Promise.all([mkdir(folder.uploadsDir), mkdir(folder.exportsDir), mkdir(folder.jobsDir)]);
  return folder;
}
