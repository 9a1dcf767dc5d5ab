/**
 * The cluster end to end: a real nats-server (JetStream, file storage) on 127.0.0.1 and real
 * `xmlpool worker` processes of the built CLI, dispatched to by `xmlpool run --nats`. Every run's
 * report is compared with a local run's: they must be identical except for `durationMs` and
 * `workerId` (how long a file took, and which worker ran it), the only fields allowed to differ.
 * Faults are waited for as events (a worker's log line, an exit), never as time.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  cliRunner,
  type NatsServer,
  startNats,
  startXmlpool,
  type Watched,
} from './nats-processes';

const cliEntry = inject('cliEntry');
/** Short, so redeliveries come quickly; workers keep their units alive every third of it. */
const ACK_WAIT = ['--ack-wait', '2000'];

let dir = '';
let runner = '';
let nats: NatsServer;
let workers: Watched[] = [];
let nextWorker = 1;
/** Dispatchers started by a test: one that failed half-way must not run into the next test. */
const dispatchers: Watched[] = [];
/** Generous: the tests wait for events, and a loaded machine only makes them take longer. */
const SLOW = 180_000;

function put(rel: string, content: string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** A well-formed document of about `bytes`, different for each `seed`. */
function document(seed: number, records: number): string {
  const rows = Array.from(
    { length: records },
    (_, i) =>
      `<record id="${seed}-${i}"><name>n${i}</name><v>${(i * 7 + seed) % 1000}</v></record>`,
  );
  return `<?xml version="1.0"?>\n<records xmlns:x="urn:x">\n${rows.join('\n')}\n</records>\n`;
}

function startWorker(args: string[] = []): Watched {
  const worker = startXmlpool(
    runner,
    ['worker', '--nats', nats.url, '--workers', '1', '--name', `w${nextWorker++}`, ...args],
    { XMLPOOL_TEST_FAULTS: '1' },
  );
  workers.push(worker);
  return worker;
}

/** Starts workers until `n` are alive, and waits until they are connected. */
async function keepWorkers(n: number): Promise<void> {
  workers = workers.filter(
    (worker) => worker.child.exitCode === null && worker.child.signalCode === null,
  );
  while (workers.length < n) startWorker();
  await Promise.all(workers.map((worker) => worker.waitFor(/waiting for jobs/)));
}

function dispatch(args: string[], env: Record<string, string> = {}): Watched {
  const run = startXmlpool(runner, args, env);
  dispatchers.push(run);
  return run;
}

async function xmlpool(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = dispatch(args, env);
  const code = await run.exited;
  return { code, stdout: run.stdout, stderr: run.stderr };
}

/** The report with the fields a cluster run may change removed (see the file comment). */
function comparable(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const { durationMs: _duration, workerId: _worker, ...rest } = JSON.parse(line);
      return rest;
    });
}

/** Local reports by their arguments: several fault tests compare with the same local run. */
const localRuns = new Map<string, Promise<{ code: number | null; stdout: string }>>();

function localRun(args: string[]): Promise<{ code: number | null; stdout: string }> {
  const key = JSON.stringify(args);
  let pending = localRuns.get(key);
  if (pending === undefined) {
    pending = xmlpool(['run', ...args]);
    localRuns.set(key, pending);
  }
  return pending;
}

async function expectSameAsLocal(
  args: string[],
  remote: { stdout: string; code: number | null },
): Promise<void> {
  const local = await localRun(args);
  expect(remote.code).toBe(local.code);
  expect(comparable(remote.stdout)).toEqual(comparable(local.stdout));
}

let corpus = '';
let big = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-cluster-'));
  runner = cliRunner(dir, cliEntry);
  nats = await startNats(join(dir, 'store'));
  corpus = join(dir, 'corpus');
  for (let i = 0; i < 24; i++) put(`corpus/sub${i % 3}/doc${i}.xml`, document(i, 20 + i * 5));
  put('corpus/broken.xml', '<?xml version="1.0"?>\n<a><b></a>\n');
  put('corpus/not-xml.xml', 'just text');
  // Over the 16 MiB the splitter needs, with row tags in comments to trap a naive split; long
  // records, so there are few of them to convert (~10,000).
  const text = 'lorem ipsum dolor sit amet '.repeat(60);
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < 17 * 1024 * 1024; i++) {
    const row = `<record id="${i}"><name>n${i}</name><!-- <record> --><text>${text}</text><v>${(i * 7) % 1000}</v></record>\n`;
    rows.push(row);
    size += row.length;
  }
  big = put('big/big.xml', `<?xml version="1.0"?>\n<records>\n${rows.join('')}</records>\n`);
  await keepWorkers(3);
}, 60_000);

afterEach(() => {
  for (const run of dispatchers.splice(0)) run.kill('SIGKILL');
});

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('xmlpool run --nats, 3 workers', () => {
  it(
    'reports validate and stats exactly as a local run',
    async () => {
      for (const task of ['validate', 'stats']) {
        const args = ['--task', task, corpus];
        const remote = await xmlpool(['run', '--nats', nats.url, ...ACK_WAIT, ...args]);
        expect(remote.stderr).toBe('');
        await expectSameAsLocal(args, remote);
      }
    },
    SLOW,
  );

  it(
    'converts a split big file and whole files exactly as a local run, outputs included',
    async () => {
      const out = join(dir, 'json');
      const args = [
        '--task',
        'convert',
        '--row-tag',
        'record',
        '--workers',
        '4',
        '--out-dir',
        out,
        big,
        corpus,
      ];
      const remote = await xmlpool(['run', '--nats', nats.url, ...ACK_WAIT, ...args]);
      expect(remote.code).toBe(1); // broken.xml and not-xml.xml
      renameSync(out, `${out}-remote`);
      await expectSameAsLocal(args, remote);
      const split = comparable(remote.stdout).find((result) => result.file === big);
      expect(split?.split).toMatchObject({ rowTag: 'record' });
      const files = (root: string): string[] =>
        readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
      expect(files(`${out}-remote`)).toEqual(files(out));
      for (const file of files(out).filter((name) => name.endsWith('json'))) {
        expect(readFileSync(join(`${out}-remote`, file), 'utf8')).toBe(
          readFileSync(join(out, file), 'utf8'),
        );
      }
      rmSync(out, { recursive: true });
      rmSync(`${out}-remote`, { recursive: true });
    },
    SLOW,
  );

  it.each(['csv', 'parquet'])(
    'extracts a split big file and whole files into the same %s table as a local run',
    async (format) => {
      const table = join(dir, `table.${format}`);
      const args = [
        '--task',
        'extract',
        '--row-tag',
        'record',
        '--columns',
        'id=@id, name=name, v=v:int',
        '--source-column',
        'file',
        '--workers',
        '4',
        '--table',
        table,
        big,
        corpus,
      ];
      const remote = await xmlpool(['run', '--nats', nats.url, ...ACK_WAIT, ...args]);
      expect(remote.code).toBe(1); // broken.xml and not-xml.xml
      renameSync(table, `${table}-remote`);
      await expectSameAsLocal(args, remote);
      const split = comparable(remote.stdout).find((result) => result.file === big);
      expect(split?.split).toMatchObject({ rowTag: 'record' });
      expect(split?.extract).toMatchObject({ badValues: 0 });
      const local = readFileSync(table);
      expect(local.length).toBeGreaterThan(100_000);
      expect(readFileSync(`${table}-remote`).equals(local)).toBe(true);
    },
    SLOW,
  );

  it(
    'runs a unit again on another worker when its worker is killed mid-unit (kill -9)',
    async () => {
      put('stall/__stall__.xml', document(99, 50));
      const args = ['--task', 'stats', corpus, join(dir, 'stall')];
      const stall = Promise.any(workers.map((worker) => worker.next(/stalled/).then(() => worker)));
      const run = dispatch(['run', '--nats', nats.url, ...ACK_WAIT, ...args]);
      const stalled = await stall;
      stalled.kill('SIGKILL');
      await run.exited;
      await expectSameAsLocal(args, { code: run.child.exitCode, stdout: run.stdout });
      await keepWorkers(3);
    },
    SLOW,
  );

  it(
    'continues through a restart of nats-server mid-job',
    async () => {
      const args = ['--task', 'validate', corpus, join(dir, 'stall')];
      const stall = Promise.any(workers.map((worker) => worker.next(/stalled/)));
      const run = dispatch(['run', '--nats', nats.url, ...ACK_WAIT, ...args]);
      await stall;
      await nats.restart();
      await run.exited;
      await expectSameAsLocal(args, { code: run.child.exitCode, stdout: run.stdout });
      // The stalled worker is freed when the job ends; every worker is back to waiting.
      await keepWorkers(3);
    },
    SLOW,
  );

  it(
    'gives work to a worker that joins mid-run',
    async () => {
      // The three workers are frozen: only the one that joins can finish the job.
      for (const worker of workers) worker.child.kill('SIGSTOP');
      const args = ['--task', 'stats', corpus];
      const run = dispatch(['run', '--nats', nats.url, ...ACK_WAIT, ...args]);
      const joining = startWorker();
      await joining.next(/unit u\d+: finished/);
      for (const worker of workers) worker.child.kill('SIGCONT');
      await run.exited;
      await expectSameAsLocal(args, { code: run.child.exitCode, stdout: run.stdout });
      expect(joining.count(/unit u\d+: finished/)).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'fails a unit that keeps killing its workers with kind crash after --max-deliver deliveries',
    async () => {
      await keepWorkers(3);
      const killer = put('killer/__kill-worker__.xml', document(5, 5));
      const args = ['--task', 'validate', '--workers', '8', corpus, killer];
      const run = await xmlpool([
        'run',
        '--nats',
        nats.url,
        ...ACK_WAIT,
        '--max-deliver',
        '2',
        ...args,
      ]);
      expect(run.code).toBe(1);
      const results = comparable(run.stdout);
      const failed = results.find((result) => result.file === killer);
      expect(failed).toMatchObject({ ok: false, errors: [{ kind: 'crash' }] });
      expect(JSON.stringify(failed)).toMatch(/max deliveries 2/);
      // Everything else is exactly as a local run has it.
      const local = comparable((await localRun(['--task', 'validate', corpus])).stdout);
      expect(results.filter((result) => result.file !== killer)).toEqual(local);
      const killed = workers.filter((worker) => worker.child.signalCode === 'SIGKILL');
      expect(killed).toHaveLength(2);
      await keepWorkers(3);
    },
    SLOW,
  );

  it(
    "leaves nothing behind: a killed dispatcher's job is dropped by the workers and removed by the next run",
    async () => {
      const stall = Promise.any(workers.map((worker) => worker.next(/stalled/)));
      const dropped = Promise.all(
        workers.map((worker) => worker.next(/its dispatcher is gone; dropped/)),
      );
      const run = dispatch([
        'run',
        '--nats',
        nats.url,
        ...ACK_WAIT,
        '--task',
        'stats',
        corpus,
        join(dir, 'stall'),
      ]);
      await stall;
      run.kill('SIGKILL');
      const nc = await connect({ servers: nats.url });
      try {
        const jsm = await jetstreamManager(nc);
        const jobStreams = async (): Promise<string[]> => {
          const names: string[] = [];
          for await (const name of jsm.streams.names())
            if (name !== 'XMLPOOL_JOBS') names.push(name);
          return names;
        };
        const left = await jobStreams();
        expect(left.length).toBeGreaterThan(0);
        await dropped;
        const next = await xmlpool([
          'run',
          '--nats',
          nats.url,
          ...ACK_WAIT,
          '--task',
          'validate',
          corpus,
        ]);
        expect(next.code).toBe(1);
        expect(await jobStreams()).toEqual([]);
      } finally {
        await nc.close();
      }
    },
    SLOW,
  );
});

describe('xmlpool run --nats with credentials', () => {
  const password = 'Pw-never-printed-7f3a';

  it(
    'connects with user and password from the environment and never prints the password',
    async () => {
      const secured = await startNats(join(dir, 'store-auth'), [
        '--user',
        'xmlpool',
        '--pass',
        password,
      ]);
      const env = { XMLPOOL_NATS_USER: 'xmlpool', XMLPOOL_NATS_PASSWORD: password };
      const worker = startXmlpool(runner, ['worker', '--nats', secured.url, '--workers', '1'], env);
      try {
        await worker.waitFor(/waiting for jobs/);
        const run = await xmlpool(
          ['run', '--nats', secured.url, ...ACK_WAIT, '--task', 'stats', corpus],
          env,
        );
        await expectSameAsLocal(['--task', 'stats', corpus], run);
        // A wrong password, in the environment and in the URL: refused, and still never printed.
        const wrong = await xmlpool(['run', '--nats', secured.url, corpus], {
          ...env,
          XMLPOOL_NATS_PASSWORD: `${password}-x`,
        });
        expect(wrong.code).toBe(2);
        expect(wrong.stderr).toMatch(/cannot connect to NATS/);
        const inUrl = await xmlpool([
          'run',
          '--nats',
          `nats://xmlpool:${password}-y@127.0.0.1:${secured.port}`,
          corpus,
        ]);
        expect(inUrl.code).toBe(2);
        const badWorker = await xmlpool(['worker', '--nats', secured.url], {
          ...env,
          XMLPOOL_NATS_PASSWORD: `${password}-z`,
        });
        expect(badWorker.code).toBe(2);
        for (const output of [run, wrong, inUrl, badWorker]) {
          expect(output.stdout + output.stderr).not.toContain(password);
        }
      } finally {
        worker.kill('SIGTERM');
        await worker.exited;
        expect(worker.stdout + worker.stderr).not.toContain(password);
        await secured.stop();
      }
    },
    SLOW,
  );
});
