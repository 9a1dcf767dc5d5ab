/**
 * The cluster's benchmark rows (issue 15), each printing one JSON line. Every mode starts its own
 * nats-server (JetStream, file storage, a temp folder, a free port on 127.0.0.1) and stops it.
 *
 *   node bench/cluster.mjs overhead FILE_LIST   dispatcher + 2 `xmlpool worker` processes (one
 *                                               slot each) against the local 2-thread pool, on
 *                                               the same files: the cost of going through NATS
 *   node bench/cluster.mjs objects [MB]         Object Store put and get of one MB-sized object
 *   node bench/cluster.mjs dispatch [FILES]     tiny units (one file of ~100 bytes each) through
 *                                               the real CLI and 2 workers: units per second
 *   node bench/cluster.mjs simulate W U SLEEP   the real dispatcher (ClusterPool) and W simulated
 *                                               workers, each unit a SLEEP ms pause: where the
 *                                               dispatcher or the server saturates
 *
 * Needs `npm run build` (the CLI) and, for `simulate`, bench/build-engine.mjs (out/bench).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';

const ROOT = join(import.meta.dirname, '..');
const XMLPOOL = join(ROOT, 'bin', 'xmlpool.js');

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts a child and resolves once a line of its stderr matches `ready`. */
function startChild(cmd, args, ready, env = {}) {
  const child = spawn(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const started = new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (text) => {
      output += text;
      if (ready.test(output)) resolve(child);
    });
    child.once('exit', (code) =>
      reject(new Error(`${cmd} exited (${code}): ${output.slice(-500)}`)),
    );
  });
  return started;
}

async function startNats(dir) {
  const port = await freePort();
  const child = await startChild(
    'nats-server',
    ['-js', '-sd', join(dir, 'store'), '-a', '127.0.0.1', '-p', String(port)],
    /Server is ready/,
  );
  return { url: `nats://127.0.0.1:${port}`, pid: child.pid, stop: () => stop(child) };
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function runCli(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [XMLPOOL, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
    });
    child.once('exit', (code) => resolve({ code, ms: performance.now() - started, stdout }));
  });
}

function okCount(stdout) {
  return stdout.split('\n').filter((line) => line.includes('"ok":true')).length;
}

async function withCluster(workers, body, workerArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'xmlpool-bench-cluster-'));
  const nats = await startNats(dir);
  const children = [];
  try {
    for (let i = 1; i <= workers; i++) {
      children.push(
        await startChild(
          process.execPath,
          [
            XMLPOOL,
            'worker',
            '--nats',
            nats.url,
            '--workers',
            '1',
            '--name',
            `bench-${i}`,
            ...workerArgs,
          ],
          /waiting for jobs/,
        ),
      );
    }
    return await body(nats, dir);
  } finally {
    await Promise.all(children.map(stop));
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function overhead(list) {
  const files = readFileSync(list, 'utf8').split('\n').filter(Boolean);
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  return withCluster(2, async (nats) => {
    const cluster = await runCli([
      'run',
      '--nats',
      nats.url,
      '--workers',
      '2',
      '--task',
      'validate',
      ...files,
    ]);
    const local = await runCli(['run', '--workers', '2', '--task', 'validate', ...files]);
    return {
      files: files.length,
      ok: okCount(cluster.stdout),
      localOk: okCount(local.stdout),
      bytes,
      clusterMs: Math.round(cluster.ms),
      localMs: Math.round(local.ms),
      clusterMbPerS: bytes / 1e3 / cluster.ms,
      localMbPerS: bytes / 1e3 / local.ms,
    };
  });
}

async function objects(megabytes) {
  const dir = mkdtempSync(join(tmpdir(), 'xmlpool-bench-objects-'));
  const nats = await startNats(dir);
  const nc = await connect({ servers: nats.url });
  try {
    const store = await new Objm(jetstream(nc)).create('BENCH', { storage: 'file' });
    const data = new Uint8Array(megabytes * 1024 * 1024).map((_, i) => i % 251);
    let started = performance.now();
    await store.putBlob({ name: 'blob' }, data);
    const putMs = performance.now() - started;
    started = performance.now();
    const back = await store.getBlob('blob');
    const getMs = performance.now() - started;
    if (back?.length !== data.length) throw new Error('the object came back short');
    return {
      bytes: data.length,
      putMbPerS: data.length / 1e3 / putMs,
      getMbPerS: data.length / 1e3 / getMs,
    };
  } finally {
    await nc.close();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function dispatch(count) {
  const dir = mkdtempSync(join(tmpdir(), 'xmlpool-bench-tiny-'));
  const files = Array.from({ length: count }, (_, i) => {
    const path = join(dir, `t${i}.xml`);
    writeFileSync(path, `<?xml version="1.0"?>\n<t i="${i}"><a>tiny</a></t>\n`);
    return path;
  });
  try {
    // --workers 256 plans four units per "worker": about one file per unit. Once with the
    // bytes through the Object Store, once with --shared-fs (paths only).
    return await withCluster(
      2,
      async (nats) => {
        const bytes = await runCli(['run', '--nats', nats.url, '--workers', '256', ...files]);
        const paths = await runCli([
          'run',
          '--nats',
          nats.url,
          '--shared-fs',
          '--workers',
          '256',
          ...files,
        ]);
        return {
          units: count,
          ok: okCount(bytes.stdout),
          sharedOk: okCount(paths.stdout),
          ms: Math.round(bytes.ms),
          unitsPerS: (count * 1000) / bytes.ms,
          sharedFsMs: Math.round(paths.ms),
          sharedFsUnitsPerS: (count * 1000) / paths.ms,
        };
      },
      ['--shared-fs', dir],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU milliseconds a process has used so far (Linux: /proc/PID/stat, 100 ticks a second). */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Simulated workers: W pull loops over a few connections, each unit a SLEEP ms pause answered
 * with a made-up result, speaking the real protocol (status, output, end, acknowledgement).
 */
async function simulatedWorkers(url, job, workers, sleepMs, signal) {
  const PER_CONNECTION = 50;
  const connections = await Promise.all(
    Array.from({ length: Math.ceil(workers / PER_CONNECTION) }, () => connect({ servers: url })),
  );
  const loops = [];
  for (let w = 0; w < workers; w++) {
    const nc = connections[Math.floor(w / PER_CONNECTION)];
    const js = jetstream(nc);
    const worker = `sim-${w}`;
    const status = JSON.stringify({
      v: 1,
      worker,
      name: worker,
      backend: 'thread',
      slots: 1,
      lanes: [],
      leaving: false,
    });
    nc.publish(`xmlpool.status.${job}`, status);
    const timer = setInterval(() => nc.publish(`xmlpool.status.${job}`, status), 500);
    loops.push(
      (async () => {
        const consumer = await js.consumers.get(`XMLPOOL_WORK_${job}`, 'workers');
        while (!signal.aborted) {
          const message = await consumer.next({ expires: 1000 }).catch(() => null);
          if (message === null) continue;
          const { unit, work } = message.json();
          await new Promise((resolve) => setTimeout(resolve, sleepMs));
          const file = work.files[0];
          const result = {
            file: file.path,
            index: file.index,
            task: 'validate',
            ok: true,
            bytes: file.size,
            elements: 1,
            errorMode: 'first-fatal',
            errors: [],
            encoding: 'UTF-8',
            durationMs: sleepMs,
            workerId: 1,
            attempts: 1,
          };
          const base = { v: 1, unit, worker, delivery: message.info.deliveryCount };
          await js.publish(
            `xmlpool.out.${job}`,
            JSON.stringify({
              ...base,
              type: 'output',
              n: 0,
              output: { kind: 'file', result },
              object: null,
            }),
          );
          await js.publish(
            `xmlpool.out.${job}`,
            JSON.stringify({ ...base, type: 'end', end: { status: 'done' } }),
          );
          message.ack();
        }
        clearInterval(timer);
      })(),
    );
  }
  return async () => {
    await Promise.allSettled(loops);
    await Promise.all(connections.map((nc) => nc.close()));
  };
}

async function simulate(workers, units, sleepMs) {
  const bundle = join(ROOT, 'out', 'bench');
  const { ClusterPool } = await import(pathToFileURL(join(bundle, 'cluster.js')).href);
  const { DEFAULT_JOB_OPTIONS, DEFAULT_CLUSTER_OPTIONS } = await import(
    pathToFileURL(join(bundle, 'tasks.js')).href
  );
  const dir = mkdtempSync(join(tmpdir(), 'xmlpool-bench-sim-'));
  const nats = await startNats(dir);
  const job = randomUUID();
  const outputDir = join(dir, 'out');
  mkdirSync(outputDir);
  const pool = new ClusterPool({
    jobId: job,
    cluster: { ...DEFAULT_CLUSTER_OPTIONS, servers: nats.url, sharedFs: true },
    jobOptions: { ...DEFAULT_JOB_OPTIONS, workers: workers },
    outputDir,
  });
  try {
    await pool.ready();
    // The simulated workers run in a process of their own, so this one's CPU is the dispatcher's.
    const simulated = await startChild(
      process.execPath,
      [
        join(import.meta.dirname, 'cluster.mjs'),
        'sim-workers',
        nats.url,
        job,
        String(workers),
        String(sleepMs),
      ],
      /simulated workers ready/,
    );
    // Let every simulated worker's status arrive, so the window opens to all of them.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const serverCpuBefore = processCpuMs(nats.pid);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let outputs = 0;
    await Promise.all(
      Array.from({ length: units }, (_, i) =>
        pool.submit(
          {
            kind: 'files',
            files: [{ path: `/sim/f${i}.xml`, size: 1000, index: i, relative: `f${i}.xml` }],
          },
          () => {
            outputs += 1;
          },
        ),
      ),
    );
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuMs = processCpuMs(nats.pid) - serverCpuBefore;
    await stop(simulated);
    const ideal = (workers * 1000) / sleepMs;
    return {
      workers,
      units,
      sleepMs,
      outputs,
      ms: Math.round(ms),
      unitsPerS: (units * 1000) / ms,
      idealUnitsPerS: ideal,
      efficiency: (units * 1000) / ms / ideal,
      /** The dispatcher's CPU per unit (this process). */
      cpuMsPerUnit: (cpu.user + cpu.system) / 1000 / units,
      /** nats-server's CPU per unit. */
      serverCpuMsPerUnit: serverCpuMs / units,
    };
  } finally {
    await pool.close();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [mode, ...rest] = process.argv.slice(2);
let result;
if (mode === 'overhead') result = await overhead(rest[0]);
else if (mode === 'objects') result = await objects(Number(rest[0] ?? 64));
else if (mode === 'dispatch') result = await dispatch(Number(rest[0] ?? 1000));
else if (mode === 'sim-workers') {
  const [url, job, workers, sleepMs] = rest;
  const abort = new AbortController();
  process.once('SIGTERM', () => abort.abort());
  const stopWorkers = await simulatedWorkers(
    url,
    job,
    Number(workers),
    Number(sleepMs),
    abort.signal,
  );
  process.stderr.write('simulated workers ready\n');
  await new Promise((resolve) => abort.signal.addEventListener('abort', resolve));
  await stopWorkers();
  process.exit(0);
} else if (mode === 'simulate')
  result = await simulate(Number(rest[0] ?? 100), Number(rest[1] ?? 1000), Number(rest[2] ?? 50));
else
  throw new Error(
    'usage: cluster.mjs overhead LIST | objects [MB] | dispatch [FILES] | simulate W U SLEEP_MS',
  );
console.log(JSON.stringify(result));
process.exit(0);
