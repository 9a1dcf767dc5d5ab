/**
 * Test support for the pool's tests: real workers (the built worker script) running the real
 * validate task on real files in a temp folder. Faults are real too: the worker's test-only fault
 * hook (XMLPOOL_TEST_FAULTS=1, see test-faults.ts) crashes, exhausts the heap or hangs on files
 * whose names ask for it. Each test file calls setUpPoolTests() once at its top level.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { FileResult } from '../../shared/results';
import { type Backend, DEFAULT_JOB_OPTIONS } from '../../shared/tasks';
import type { FileRef, UnitOutput, WorkUnit } from '../tasks/types';
import { type PoolOptions, WorkerPool } from './index';

const workerScript = inject('workerScript');
let dir = '';
let nextIndex = 0;
const pools: WorkerPool[] = [];

/** A temp folder for the file's tests; pools made by makePool are closed after each test. */
export function setUpPoolTests(): void {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xmlpool-pool-'));
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
    delete process.env.XMLPOOL_TEST_FAULTS;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
}

/** The temp folder of the running test file. */
export function testDir(): string {
  return dir;
}

/** A well-formed document of about `bytes` bytes. */
export function xmlOf(bytes: number): string {
  const item = '<item id="1">some text &amp; more</item>\n';
  return `<root>\n${item.repeat(Math.max(1, Math.ceil(bytes / item.length)))}</root>\n`;
}

export function file(name: string, content: string): FileRef {
  const path = join(dir, `${nextIndex}-${name}`);
  writeFileSync(path, content);
  return { path, size: Buffer.byteLength(content), index: nextIndex++, relative: basename(path) };
}

export function files(count: number, bytes: number, name = 'doc.xml'): FileRef[] {
  return Array.from({ length: count }, () => file(name, xmlOf(bytes)));
}

export function one(ref: FileRef): WorkUnit {
  return { kind: 'files', files: [ref] };
}

export function makePool(backend: Backend, options: Partial<PoolOptions> = {}): WorkerPool {
  const pool = new WorkerPool({
    size: 1,
    backend,
    workerScript,
    jobOptions: { ...DEFAULT_JOB_OPTIONS, workers: 1, backend },
    outputDir: dir,
    taskTimeoutMs: 0,
    workerMemoryMb: 256,
    ...options,
  });
  pools.push(pool);
  return pool;
}

export interface Seen {
  result: FileResult;
  workerId: number;
}

/** Submits each unit, collecting file outputs in arrival order. */
export function submitAll(pool: WorkerPool, units: WorkUnit[], onFirst?: () => void) {
  const seen: Seen[] = [];
  const onOutput = (output: UnitOutput, workerId: number) => {
    if (output.kind !== 'file') throw new Error('unexpected chunk output');
    seen.push({ result: output.result, workerId });
    if (seen.length === 1) onFirst?.();
  };
  const outcomes = Promise.all(units.map((unit) => pool.submit(unit, onOutput)));
  return { seen, outcomes };
}

export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

export const ids = (pool: WorkerPool) => pool.snapshot().map((worker) => worker.id);
export const states = (pool: WorkerPool) => pool.snapshot().map((worker) => worker.state);
/** Workers that count: a retired worker's lane stays in the snapshot, marked so. */
export const liveIds = (pool: WorkerPool) =>
  pool
    .snapshot()
    .filter((worker) => worker.state !== 'retired')
    .map((worker) => worker.id);
export const allIdle = (pool: WorkerPool) =>
  states(pool)
    .filter((state) => state !== 'retired')
    .every((state) => state === 'idle');
