/**
 * Test support for split tests: temp files, a task context, and a `submit` that runs chunk units
 * in-process through runChunk (the same code a pool worker runs).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_JOB_OPTIONS, type JobOptions, type TaskName } from '../../shared/tasks';
import type { ChunkUnit, FileRef, TaskContext } from '../tasks/types';
import { runChunk } from './run-chunk';

export interface TempDir {
  path: string;
  write(name: string, content: string | Buffer): Promise<FileRef>;
  remove(): Promise<void>;
}

export async function makeTempDir(): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), 'xmlpool-split-'));
  let index = 0;
  return {
    path,
    async write(name, content) {
      const file = join(path, name);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
      return { path: file, relative: name, size: Buffer.byteLength(content), index: index++ };
    },
    remove: () => rm(path, { recursive: true, force: true }),
  };
}

/**
 * A temp folder for the calling test file: made before its tests, removed after them. Call it
 * once at the file's top level; the returned folder is usable inside tests and hooks.
 */
export function tempDirForTests(): TempDir {
  let dir: TempDir | null = null;
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await dir?.remove();
  });
  const current = (): TempDir => {
    if (dir === null) throw new Error('the temp folder exists only while the tests run');
    return dir;
  };
  return {
    get path() {
      return current().path;
    },
    write: (name, content) => current().write(name, content),
    remove: () => current().remove(),
  };
}

export function jobOptions(task: TaskName, overrides: Partial<JobOptions> = {}): JobOptions {
  return { ...DEFAULT_JOB_OPTIONS, workers: 2, task, ...overrides };
}

export function taskContext(options: JobOptions, outputDir: string): TaskContext {
  return {
    options,
    signal: new AbortController().signal,
    progress: () => undefined,
    workerId: 1,
    outputDir,
  };
}

/** A submit that runs each chunk in this thread and counts how many units it ran. */
export function inProcessSubmit(ctx: TaskContext): {
  submit: (unit: ChunkUnit) => Promise<unknown>;
  runs: () => number;
} {
  let runs = 0;
  return {
    submit: (unit) => {
      runs++;
      return runChunk(unit, ctx);
    },
    runs: () => runs,
  };
}

/** A small chunk size so a 1–2 MB test file splits into a few dozen chunks. */
export const SMALL_CHUNKS = {
  minFileBytes: 0,
  minChunkBytes: 32 * 1024 + 1,
  maxChunkBytes: 32 * 1024 + 1,
  headBytes: 32 * 1024,
};
