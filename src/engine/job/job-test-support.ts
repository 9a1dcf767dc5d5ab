/**
 * Test support for jobs on real workers: a temp folder per test with an `in/` folder of inputs,
 * the test-only fault hook switched off after each test, and a service job run to its end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { FileResult } from '../../shared/results';
import type { JobOptions } from '../../shared/tasks';
import { createXmlPoolService, type XmlPoolService } from '../service/xml-pool-service';

export interface TestFolder {
  /** The test's own temp folder (removed after it). */
  readonly dir: string;
  /** Writes an input under `dir/in` and returns its absolute path. */
  put(name: string, content: string): string;
}

/** A fresh temp folder for each test of the calling file; call once at its top level. */
export function testFolderPerTest(prefix: string): TestFolder {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    delete process.env.XMLPOOL_TEST_FAULTS;
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    put(name, content) {
      const path = join(dir, 'in', name);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
  };
}

/** A browser-mode service of 2 cores with its temp folders under `dir/temp`. */
export function serviceIn(dir: string, workerScript: string): XmlPoolService {
  return createXmlPoolService({
    workerScript,
    tempRoot: join(dir, 'temp'),
    mode: 'browser',
    cores: 2,
  });
}

/** Starts a job on the service and resolves with its results once it is done. */
export async function serviceJobResults(
  service: XmlPoolService,
  options: JobOptions,
): Promise<FileResult[]> {
  const finished = new Promise<void>((resolve) => {
    const unsubscribe = service.onProgress((progress) => {
      if (progress.state !== 'done') return;
      unsubscribe();
      resolve();
    });
  });
  await service.startJob(options);
  await finished;
  return service.getResults();
}
