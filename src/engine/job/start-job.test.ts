/**
 * Jobs on real workers (the built worker script) over real files. Hangs come from the worker's
 * test-only fault hook (XMLPOOL_TEST_FAULTS=1, src/engine/pool/test-faults.ts): a file whose name
 * contains `__hang__` spins forever, which holds a worker busy for as long as a test needs.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { JobProgress } from '../../shared/progress';
import type { FileResult } from '../../shared/results';
import { DEFAULT_JOB_OPTIONS, type JobOptions } from '../../shared/tasks';
import { expandInputs } from '../input/expand';
import type { ExpandedInput } from '../input/types';
import { JobSetupError, type JobSummary, startJob } from './index';

const workerScript = inject('workerScript');
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-job-test-'));
});
afterEach(() => {
  delete process.env.XMLPOOL_TEST_FAULTS;
  rmSync(dir, { recursive: true, force: true });
});

function xmlOf(bytes: number): string {
  const item = '<item id="1">some text &amp; more</item>\n';
  return `<root>\n${item.repeat(Math.max(1, Math.ceil(bytes / item.length)))}</root>\n`;
}

function put(name: string, content: string): string {
  const path = join(dir, 'in', name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function options(overrides: Partial<JobOptions> = {}): JobOptions {
  return { ...DEFAULT_JOB_OPTIONS, workers: 2, ...overrides };
}

const env = (): { workerScript: string; tempRoot: string } => ({ workerScript, tempRoot: dir });

async function all(summary: JobSummary): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for await (const result of summary.results()) results.push(result);
  return results;
}

/** Resolves once `count` results have arrived. */
function resultsArrived(count: number): {
  onResult: (r: FileResult) => void;
  reached: Promise<FileResult[]>;
} {
  const seen: FileResult[] = [];
  let resolve: (results: FileResult[]) => void = () => undefined;
  const reached = new Promise<FileResult[]>((r) => {
    resolve = r;
  });
  return {
    onResult: (result) => {
      seen.push(result);
      if (seen.length === count) resolve([...seen]);
    },
    reached,
  };
}

describe('startJob', () => {
  it('gives one result per input, in input order whatever the completion order', async () => {
    const paths = [
      put('small.xml', xmlOf(1_000)),
      put('big.xml', xmlOf(1_400_000)),
      put('medium.xml', xmlOf(1_100_000)),
      put('broken.xml', '<root><item></root>'),
      join(dir, 'in', 'missing.xml'),
    ];
    const inputs = await expandInputs(paths, { include: ['*.xml'] });
    const completed: number[] = [];
    const progress: JobProgress[] = [];
    const job = startJob(inputs, options(), env(), {
      onResult: (r) => completed.push(r.index),
      onProgress: (p) => progress.push(p),
    });
    const summary = await job.done;
    const results = await all(summary);
    expect(results.map((r) => r.file)).toEqual(paths);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(completed).not.toEqual([0, 1, 2, 3, 4]); // the missing file finishes first, without a worker
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false, false]);
    expect(results[3]?.errors[0]?.kind).toBe('syntax');
    expect(results[4]?.errors[0]).toMatchObject({ kind: 'io', line: null });
    expect(results[4]?.errors[0]?.message).toContain('no such file');
    expect(results[4]?.workerId).toBeNull();
    expect(summary).toMatchObject({ state: 'done', files: 5, ok: 3, failed: 2 });
    const last = progress.at(-1);
    expect(last).toMatchObject({ state: 'done', filesDone: 5, filesTotal: 5, ok: 3, failed: 2 });
    expect(last?.bytesDone).toBe(last?.bytesTotal);
    await summary.dispose();
    expect(existsSync(summary.tempDir)).toBe(false);
  });

  it('runs hundreds of small files in batches and spills every result as NDJSON', async () => {
    const paths = Array.from({ length: 300 }, (_, i) =>
      put(`f${String(i).padStart(3, '0')}.xml`, xmlOf(200)),
    );
    const inputs = await expandInputs([join(dir, 'in')], { include: ['*.xml'] });
    const summary = await startJob(inputs, options({ order: 'input' }), env()).done;
    const results = await all(summary);
    expect(results.map((r) => r.file)).toEqual(paths);
    expect(results.every((r) => r.ok)).toBe(true);
    const spill = readFileSync(join(summary.tempDir, 'results.ndjson'), 'utf8').trim().split('\n');
    expect(spill).toHaveLength(300);
    expect(new Set(spill.map((line) => JSON.parse(line).index)).size).toBe(300);
    await summary.dispose();
  });

  it('keeps every finished result when cancelled mid-run; the rest fail as cancelled', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const names = ['a.xml', 'b.xml', 'c.xml', 'd__hang__.xml', 'e.xml', 'f.xml', 'g.xml'];
    const paths = names.map((name) => put(name, xmlOf(500)));
    const inputs = await expandInputs(paths, { include: ['*.xml'] });
    const arrived = resultsArrived(3);
    let last: JobProgress | null = null;
    const job = startJob(inputs, options({ workers: 1, order: 'input' }), env(), {
      onResult: arrived.onResult,
      onProgress: (progress) => {
        last = progress;
      },
    });
    await arrived.reached; // a, b and c are done; the worker now hangs on d
    job.cancel();
    const summary = await job.done;
    const results = await all(summary);
    expect(summary.state).toBe('cancelled');
    expect(results.map((r) => basename(r.file))).toEqual(names);
    expect(results.slice(0, 3).map((r) => r.ok)).toEqual([true, true, true]);
    expect(results.slice(3).map((r) => r.errors[0]?.kind)).toEqual(Array(4).fill('cancelled'));
    // Cancelled files were not processed: counted apart, not as failed, done or their bytes.
    expect(summary).toMatchObject({ ok: 3, failed: 0, cancelled: 4 });
    expect(last).toMatchObject({
      state: 'cancelled',
      filesDone: 3,
      ok: 3,
      failed: 0,
      cancelled: 4,
    });
    // The bar stops where the work stopped: at most the three done plus what d read before.
    const size = inputs[0]?.size ?? 0;
    expect((last as JobProgress | null)?.bytesDone).toBeLessThanOrEqual(4 * size);
    await summary.dispose();
  });

  it('keeps the fault of a file that failed before the cancel: crash, not cancelled', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const names = ['a__crash__.xml', 'b__hang__.xml', 'c.xml', 'd.xml', 'e.xml', 'f.xml'];
    const paths = names.map((name) => put(name, xmlOf(500)));
    const inputs = await expandInputs(paths, { include: ['*.xml'] });
    // Batches of 2 (6 files / 4 units per worker): a's crash ends the first attempt of a+b, and
    // each is retried alone, a first. b hangs on its retry only after a has failed twice.
    let hanging: () => void = () => undefined;
    const retryOfBHangs = new Promise<void>((resolve) => {
      hanging = resolve;
    });
    const job = startJob(inputs, options({ workers: 1, order: 'input' }), env(), {
      onProgress: (p) => {
        if (p.workers[0]?.file?.includes('__hang__')) hanging();
      },
    });
    await retryOfBHangs;
    job.cancel();
    const summary = await job.done;
    const [a, b] = await all(summary);
    expect(a).toMatchObject({ ok: false, attempts: 2, errors: [{ kind: 'crash' }] });
    expect(a?.errors[0]?.message).toMatch(/code 70/);
    expect(b).toMatchObject({ ok: false, errors: [{ kind: 'cancelled' }] });
    expect(summary).toMatchObject({ failed: 1 });
    await summary.dispose();
  });

  it('ends its workers and removes its temp folder when aborted, for a process about to exit', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const paths = ['a.xml', 'b__hang__.xml'].map((name) => put(name, xmlOf(500)));
    const inputs = await expandInputs(paths, { include: ['*.xml'] });
    const tempRoot = join(dir, 'temp');
    mkdirSync(tempRoot);
    const arrived = resultsArrived(1);
    const job = startJob(
      inputs,
      options({ workers: 1, order: 'input' }),
      { workerScript, tempRoot },
      { onResult: arrived.onResult },
    );
    await arrived.reached; // the worker now hangs on b
    expect(readdirSync(tempRoot)).toHaveLength(1);
    // Resolves once the hung worker has been ended: abortNow does not wait for it to give up.
    await job.abortNow();
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('emits progress snapshots at most 10 times a second, with the job and worker fields', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const hang = put('a__hang__.xml', xmlOf(500));
    const inputs = await expandInputs([hang], { include: ['*.xml'] });
    const times: number[] = [];
    const progress: JobProgress[] = [];
    let enough: () => void = () => undefined;
    const fiveBusySnapshots = new Promise<void>((resolve) => {
      enough = resolve;
    });
    const job = startJob(inputs, options({ workers: 1 }), env(), {
      onProgress: (p) => {
        times.push(performance.now());
        progress.push(p);
        // Five snapshots once the worker is busy: it may take a while to start on a loaded machine.
        if (progress.filter((seen) => seen.workers[0]?.state === 'busy').length === 5) enough();
      },
    });
    await fiveBusySnapshots;
    job.cancel();
    const summary = await job.done;
    // Every snapshot but the final one comes from the 100 ms timer (timers never fire early).
    const running = times.slice(0, -1);
    for (let i = 1; i < running.length; i++) {
      expect((running[i] ?? 0) - (running[i - 1] ?? 0)).toBeGreaterThanOrEqual(95);
    }
    expect(progress.at(-1)?.state).toBe('cancelled');
    const busy = progress.find((p) => p.workers[0]?.state === 'busy');
    expect(busy).toMatchObject({ filesTotal: 1, bytesTotal: inputs[0]?.size, targetWorkers: 1 });
    expect(busy?.workers[0]).toMatchObject({ id: 1, file: hang, tasksDone: 0 });
    const elapsed = progress.map((p) => p.elapsedMs);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
    await summary.dispose();
  });

  it('grows the pool mid-run: the new worker takes the work the busy one cannot', async () => {
    process.env.XMLPOOL_TEST_FAULTS = '1';
    const names = ['a__hang__.xml', 'b.xml', 'c.xml', 'd.xml', 'e.xml', 'f.xml', 'g.xml', 'h.xml'];
    const paths = names.map((name) => put(name, xmlOf(500)));
    const inputs = await expandInputs(paths, { include: ['*.xml'] });
    const progress: JobProgress[] = [];
    // Batches of 2 (8 files / 4 units per worker): a+b hang together on worker 1.
    const arrived = resultsArrived(6);
    let hanging: () => void = () => undefined;
    const workerOneHangs = new Promise<void>((resolve) => {
      hanging = resolve;
    });
    const job = startJob(inputs, options({ workers: 1, order: 'input' }), env(), {
      onResult: arrived.onResult,
      onProgress: (p) => {
        progress.push(p);
        if (p.workers[0]?.file?.includes('__hang__')) hanging();
      },
    });
    await workerOneHangs;
    job.resize(2);
    const done = await arrived.reached;
    job.cancel();
    const summary = await job.done;
    expect(done.map((r) => [basename(r.file), r.ok, r.workerId])).toEqual(
      names.slice(2).map((name) => [name, true, 2]),
    );
    expect(progress.some((p) => p.targetWorkers === 2 && p.workers.length === 2)).toBe(true);
    const results = await all(summary);
    expect(results.slice(0, 2).map((r) => r.errors[0]?.kind)).toEqual(['cancelled', 'cancelled']);
    await summary.dispose();
  });

  it('refuses an output folder inside an input folder, or holding an input, unless forced', async () => {
    const file = put('a.xml', xmlOf(100));
    const inFolder: ExpandedInput[] = await expandInputs([join(dir, 'in')], { include: ['*.xml'] });
    const inside = join(dir, 'in', 'json');
    await expect(startJob(inFolder, options({ outDir: inside }), env()).done).rejects.toThrow(
      JobSetupError,
    );
    expect(existsSync(inside)).toBe(false);
    const forced = await startJob(inFolder, options({ outDir: inside, force: true }), env()).done;
    expect(forced.ok).toBe(1);
    await forced.dispose();

    // A file given directly: a subfolder beside it is fine, its own folder is not.
    const direct = await expandInputs([file], { include: ['*.xml'] });
    const beside = await startJob(direct, options({ outDir: inside }), env()).done;
    expect(beside.ok).toBe(1);
    await beside.dispose();
    await expect(
      startJob(direct, options({ outDir: join(dir, 'in') }), env()).done,
    ).rejects.toThrow('contains the input');
    await expect(startJob(direct, options({ workers: 0 }), env()).done).rejects.toThrow(
      'workers must be a whole number',
    );
  });

  it('fails at setup, not file by file, when the output folder cannot be written', async () => {
    const inputs = await expandInputs([put('a.xml', '<a/>'), put('b.xml', '<b/>')], {
      include: ['*.xml'],
    });
    const blocker = put('blocker', 'a file, not a folder');
    for (const outDir of [blocker, join(blocker, 'json')]) {
      await expect(
        startJob(inputs, options({ task: 'convert', outDir }), env()).done,
      ).rejects.toThrow(`cannot write to the output folder ${outDir}: a file stands in the way`);
    }
  });

  it('fails as a setup error when the schema does not compile, or is not a schema', async () => {
    const files = Array.from({ length: 6 }, (_, i) => put(`v${i}.xml`, '<n>1</n>'));
    const inputs = await expandInputs(files, { include: ['*.xml'] });
    const broken = put(
      's/broken.xsd',
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:element name="n" type="nope"/>\n</xs:schema>',
    );
    const job = startJob(
      inputs,
      options({ schema: { mode: 'file', file: broken, catalogs: [], maxErrors: 100 } }),
      env(),
    );
    const failure = await job.done.then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(JobSetupError);
    expect(String(failure)).toContain(`the schema ${broken} does not compile: ${broken}:2:`);
    // Found in the main process, before any worker reads a file.
    const notSchema = put('s/plain.xml', '<n>1</n>');
    await expect(
      startJob(
        inputs,
        options({ schema: { mode: 'file', file: notSchema, catalogs: [], maxErrors: 100 } }),
        env(),
      ).done,
    ).rejects.toThrow(`the schema ${notSchema} cannot be used: its root element <n>`);
    await expect(
      startJob(
        inputs,
        options({
          task: 'stats',
          schema: { mode: 'auto', file: null, catalogs: [], maxErrors: 100 },
        }),
        env(),
      ).done,
    ).rejects.toThrow('a schema applies only to the validate task');
  });

  it('converts two inputs with the same name once, failing the second instead of overwriting', async () => {
    const first = put('d1/a.xml', '<a>first</a>');
    const second = put('d2/a.xml', '<a>second</a>');
    const inputs = await expandInputs([first, second], { include: ['*.xml'] });
    const outDir = join(dir, 'json');
    const summary = await startJob(inputs, options({ task: 'convert', outDir }), env()).done;
    const results = await all(summary);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]?.errors[0]).toMatchObject({ kind: 'output', line: null });
    expect(results[1]?.errors[0]?.message).toContain(first);
    expect(JSON.parse(readFileSync(join(outDir, 'a.json'), 'utf8'))).toEqual({ a: 'first' });
    await summary.dispose();
  });

  it('refuses a convert too big for the worker heap: that file fails, the process lives on', async () => {
    // Text directly in the root rules out the streamed conversion: this needs a whole-tree parse
    // of 30 MB, which a 64 MB worker heap cannot hold. Reaching the limit in a worker thread
    // can abort this whole process (nodejs/node#47224); the task must refuse it first.
    const text = 'x'.repeat(1024 * 1024);
    const big = put('big.xml', `<r>lead${`<i>${text}</i>`.repeat(30)}</r>`);
    const small = put('small.xml', '<a>fine</a>');
    const inputs = await expandInputs([big, small], { include: ['*.xml'] });
    const outDir = join(dir, 'json');
    const summary = await startJob(
      inputs,
      options({ task: 'convert', outDir, workerMemoryMb: 64 }),
      env(),
    ).done;
    const results = await all(summary);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(results[0]?.errors[0]).toMatchObject({ kind: 'oom', line: null });
    expect(results[0]?.errors[0]?.message).toMatch(/needs about \d+ MB .*raise --memory-mb/);
    expect(readdirSync(outDir)).toEqual(['small.json']);
    await summary.dispose();
  });

  it('fails an NDJSON record too big for the worker heap as oom: the process lives on', async () => {
    // One 40 MB record: the fast path must stop before the heap runs out and fail the file
    // with a clear out-of-memory error (fast-xml-parser's path takes the worker down).
    const text = 'x'.repeat(1024 * 1024);
    const big = put('big-record.xml', `<r><i>${text.repeat(40)}</i><i>small</i></r>`);
    const small = put('small.xml', '<a>fine</a>');
    const inputs = await expandInputs([big, small], { include: ['*.xml'] });
    const outDir = join(dir, 'ndjson');
    const summary = await startJob(
      inputs,
      options({ task: 'convert', outDir, rowTag: 'i', workerMemoryMb: 64 }),
      env(),
    ).done;
    const results = await all(summary);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(results[0]?.errors[0]).toMatchObject({ kind: 'oom', line: null });
    expect(results[0]?.errors[0]?.message).toMatch(/needs about \d+ MB .*raise --memory-mb/);
    expect(readdirSync(outDir)).toEqual(['small.ndjson']);
    await summary.dispose();
  });

  it('sees through a symlinked output folder: no overlap with, and no overwrite of, an input', async () => {
    const xml = put('a.xml', '<a>converted</a>');
    const json = put('a.json', '<kept/>');
    const link = join(dir, 'link');
    symlinkSync(join(dir, 'in'), link);
    const folder = await expandInputs([join(dir, 'in')], { include: ['*.xml'] });
    await expect(
      startJob(folder, options({ task: 'convert', outDir: join(link, 'json') }), env()).done,
    ).rejects.toThrow('overlaps the input folder');

    // Forced into the input folder through the link, a.xml's output would replace the input a.json.
    const inputs = await expandInputs([xml, json], { include: ['*.xml'] });
    const forced = options({ task: 'convert', outDir: link, force: true });
    const summary = await startJob(inputs, forced, env()).done;
    const results = await all(summary);
    expect(results[0]?.errors[0]?.message).toContain('would overwrite an input');
    expect(readFileSync(json, 'utf8')).toBe('<kept/>');
    await summary.dispose();
  });

  it('takes a promise of its inputs, still being listed while its workers start', async () => {
    put('a.xml', xmlOf(100));
    put('b.xml', '<b>');
    let listed: (inputs: ExpandedInput[]) => void = () => undefined;
    const listing = new Promise<ExpandedInput[]>((resolve) => {
      listed = resolve;
    });
    const tempRoot = join(dir, 'temp');
    mkdirSync(tempRoot);
    const job = startJob(listing, options(), { workerScript, tempRoot });
    listed(await expandInputs([join(dir, 'in')], { include: ['*.xml'] }));
    const summary = await job.done;
    expect((await all(summary)).map((r) => [basename(r.file), r.ok])).toEqual([
      ['a.xml', true],
      ['b.xml', false],
    ]);
    await summary.dispose();

    // A listing that fails fails the job, and leaves no temp folder behind.
    const failing = startJob(Promise.reject(new Error('cannot list')), options(), {
      workerScript,
      tempRoot,
    });
    await expect(failing.done).rejects.toThrow('cannot list');
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it('starts its workers when the listing finds an input, and none when it finds nothing to run', async () => {
    // Nothing readable: the listing ends without ever settling inputFound.
    const missing = join(dir, 'in', 'missing.xml');
    const empty = startJob(expandInputs([missing]), options(), {
      ...env(),
      inputFound: new Promise<void>(() => undefined),
    });
    const emptySummary = await empty.done;
    expect([emptySummary.files, emptySummary.failed]).toEqual([1, 1]);
    expect(empty.timeline.full().lanes).toEqual([]);
    await emptySummary.dispose();

    put('a.xml', xmlOf(10));
    let inputFound = (): void => undefined;
    const found = new Promise<void>((resolve) => {
      inputFound = resolve;
    });
    const job = startJob(
      expandInputs([join(dir, 'in')], { include: ['*.xml'], onInputFound: inputFound }),
      options({ workers: 1 }),
      { ...env(), inputFound: found },
    );
    const summary = await job.done;
    expect((await all(summary)).map((r) => [basename(r.file), r.ok])).toEqual([['a.xml', true]]);
    expect(job.timeline.full().lanes).toHaveLength(1);
    await summary.dispose();
  });
});
