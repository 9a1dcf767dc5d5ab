/**
 * What progress-cost.mjs and timeline-cost.mjs both do: validate every file of a list on a
 * 1-worker pool (thread backend, one work unit per file, in list order), built from the bench's
 * engine bundle (out/bench), with `tick` called 10 times a second while it runs, as a job's
 * progress timer does.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BUNDLE = join(import.meta.dirname, '..', 'out', 'bench');
const { WorkerPool } = await import(pathToFileURL(join(BUNDLE, 'pool.js')).href);
const { DEFAULT_JOB_OPTIONS } = await import(pathToFileURL(join(BUNDLE, 'tasks.js')).href);

const TICK_INTERVAL_MS = 100;

/** The files of a list (one path a line), as the pool's file references. @param {string} list */
export function fileRefs(list) {
  return readFileSync(list, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((path, index) => ({ path, size: statSync(path).size, index, relative: basename(path) }));
}

/**
 * @param {{ path: string, size: number, index: number, relative: string }[]} refs
 * @param {Record<string, unknown>} poolOptions  added to the pool's options
 * @param {((pool: { snapshot(): unknown }) => void) | null} tick  called with the pool
 * @returns {Promise<{ ok: number, failures: string[], ticks: number }>}
 */
export async function validateEachFile(refs, poolOptions, tick) {
  const outputDir = await mkdtemp(join(tmpdir(), 'xmlpool-bench-pool-'));
  const pool = new WorkerPool({
    size: 1,
    backend: 'thread',
    workerScript: join(import.meta.dirname, '..', 'out', 'cli', 'worker.cjs'),
    jobOptions: { ...DEFAULT_JOB_OPTIONS, task: 'validate', workers: 1 },
    outputDir,
    taskTimeoutMs: 0,
    workerMemoryMb: DEFAULT_JOB_OPTIONS.workerMemoryMb,
    ...poolOptions,
  });
  let ticks = 0;
  const timer = tick
    ? setInterval(() => {
        tick(pool);
        ticks++;
      }, TICK_INTERVAL_MS)
    : null;
  let ok = 0;
  /** @type {string[]} */
  const failures = [];
  try {
    await Promise.all(
      refs.map((ref) =>
        pool.submit(
          { kind: 'files', files: [ref] },
          (/** @type {{ kind: string, result?: { ok: boolean, file: string } }} */ output) => {
            if (output.kind !== 'file' || !output.result) return;
            if (output.result.ok) ok++;
            else failures.push(output.result.file);
          },
        ),
      ),
    );
  } finally {
    if (timer) clearInterval(timer);
    await pool.close();
    await rm(outputDir, { recursive: true, force: true });
  }
  return { ok, failures, ticks };
}
