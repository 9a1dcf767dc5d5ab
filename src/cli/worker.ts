/**
 * `xmlpool worker`: joins a NATS server and runs the units of the jobs dispatched there
 * (`xmlpool run --nats`, or the app's Cluster backend) on a local pool, until Ctrl-C or SIGTERM,
 * when its running units go back to the queue for the other workers.
 */
import { availableParallelism, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ClusterError, describeError } from '../engine/cluster/connection';
import { BACKENDS, type Backend } from '../shared/tasks';
import { isAbsolutePath, parseClusterOptions, ValidationError } from '../shared/validate';
import { findWorkerScript } from './build-outputs';
import { NATS_CONNECTION_OPTIONS, NATS_CONNECTION_USAGE, natsConnectionOf } from './nats-args';
import type { StopSignals } from './stop-signals';

export const WORKER_OPTIONS = {
  ...NATS_CONNECTION_OPTIONS,
  workers: { type: 'string', short: 'w' },
  name: { type: 'string' },
  backend: { type: 'string' },
  'shared-fs': { type: 'string', multiple: true },
  temp: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const WORKER_USAGE = `Usage: xmlpool worker --nats URL [options]

Join a NATS server (nats-server -js) and run the units of the jobs dispatched there by
'xmlpool run --nats URL' or the app's Cluster backend, on a local pool of workers. Runs until
Ctrl-C or SIGTERM; units it was running then go back to the queue for the other workers.

Options:
  -w, --workers N       Units run at once on this machine, 1 to 256 (default: available cores).
  --name NAME           Name shown in the dispatcher's worker lanes (default: the host name).
  --backend thread|process
                        Local pool backend (default thread).
  --shared-fs DIR       Serve jobs started with --shared-fs, reading their files in place, but
                        only inside DIR (repeatable). Without it such jobs are not served.
  --temp DIR            Folder for fetched inputs and outputs on their way (default: the
                        system temp folder).
  -q, --quiet           Print nothing but errors (default: one line per unit started and
                        finished, and per job joined or left).
  -h, --help            Show this help.

${NATS_CONNECTION_USAGE}`;

class UsageError extends Error {}

function backendOf(value: string | undefined): Backend {
  if (value === undefined) return 'thread';
  const match = BACKENDS.find((backend) => backend === value);
  if (match === undefined)
    throw new UsageError(`--backend must be thread or process, not '${value}'`);
  return match;
}

function slotsOf(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) {
    throw new UsageError(`--workers must be a whole number from 1 to 256, not '${value}'`);
  }
  return n;
}

export async function workerCommand(argv: string[], signals: StopSignals): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    process.stderr.write(`xmlpool worker: ${message}\nTry 'xmlpool worker --help'.\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(WORKER_USAGE);
    return 0;
  }
  const workerScript = findWorkerScript();
  if (workerScript === null) {
    process.stderr.write(
      `xmlpool worker: the worker script (worker.cjs) is missing; run 'npm run build'\n`,
    );
    return 2;
  }
  const connection = natsConnectionOf(values, process.env);
  let settings: { slots: number; backend: Backend };
  try {
    if (values.nats === undefined) throw new UsageError('--nats URL is required');
    parseClusterOptions({ servers: connection.servers });
    settings = { slots: slotsOf(values.workers), backend: backendOf(values.backend) };
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ValidationError)) throw error;
    process.stderr.write(
      `xmlpool worker: ${error.message.replace('cluster.servers', '--nats')}\nTry 'xmlpool worker --help'.\n`,
    );
    return 2;
  }
  const quiet = values.quiet ?? false;
  const log = (line: string): void => {
    if (!quiet) process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  };
  const { ClusterWorker } = await import('../engine/cluster/worker/cluster-worker');
  const worker = new ClusterWorker({
    connection,
    ...(values.name ? { name: values.name } : {}),
    slots: settings.slots,
    backend: settings.backend,
    workerScript,
    tempRoot: resolve(values.temp ?? tmpdir()),
    sharedFs: (values['shared-fs'] ?? []).map((dir) => resolve(dir)).filter(isAbsolutePath),
    log,
  });
  try {
    await worker.start();
  } catch (error) {
    const message =
      error instanceof ClusterError ? error.message : describeError(error, connection);
    process.stderr.write(`xmlpool worker: ${message}\n`);
    await worker.stop();
    return 2;
  }
  // The first signal leaves (running units go back to the queue); a second quits at once,
  // removing the files this worker fetched (stop-signals.ts).
  const signal = await new Promise<NodeJS.Signals>((done) =>
    signals.handle({ stop: done, cleanUpNow: () => worker.removeTempDirNow() }),
  );
  log(`${signal}: leaving; running units go back to the queue`);
  await worker.stop();
  return 0;
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: WORKER_OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  return values;
}
