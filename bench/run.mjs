/**
 * `npm run bench`: xmlpool against its peers, measured in the same run on the same files, and
 * every speed and memory goal of issues 3–5 checked against those numbers.
 *
 *   node bench/run.mjs [--quick] [--only ID[,ID...]] [--reps N]
 *
 * --quick   small corpus (bench/corpus/quick) and 1 timed repetition, for development
 * --only    run only the rows whose id contains one of the given strings (the xmllint
 *           reference rows always run, so ratios stay computable); `--list` shows the ids
 * --reps N  timed repetitions per row (default 3; the best is reported)
 *
 * Rows are measured in sweeps, one command at a time: a warm-up sweep on a few small files (which
 * also proves each command works), then N sweeps over the whole input sets; each row reports the
 * best (shortest) wall time of its N runs, and the median for reference. Background load only
 * ever adds time, so on a shared machine the best run is the closest to the real cost.
 * Then the event-loop lag and browser long-task rows run.
 * Results: a Markdown table on stdout, and JSON in bench/results/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildEngineBundle } from './build-engine.mjs';
import { CORPUS_SPECS, ensureCorpus, ensureManyFiles } from './corpus.mjs';
import { evaluateGoals } from './goals.mjs';
import { median, runCommand } from './measure.mjs';
import { CLDR_DIR, throughputRows } from './rows.mjs';
import { formatReport } from './table.mjs';

/** @typedef {import('./goals.mjs').RowResult} RowResult */
/** @typedef {import('./rows.mjs').ThroughputRow} ThroughputRow */
/** @typedef {import('./rows.mjs').Inputs} Inputs */
/** @typedef {import('./rows.mjs').InputSetName} InputSetName */

const BENCH_DIR = import.meta.dirname;
const WARMUP_FILES = 4;

function parseArgs(argv) {
  const options = { quick: false, only: /** @type {string[]} */ ([]), reps: 3, list: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--list') options.list = true;
    else if (arg === '--only') options.only.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg === '--reps') options.reps = Math.max(1, Number(argv[++i]) || 1);
    else if (arg === '--help' || arg === '-h') {
      console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  if (options.quick && !argv.includes('--reps')) options.reps = 1;
  return options;
}

/** First line a command prints (xmllint prints its version on stderr). @param {string} cmd @param {string[]} args */
function versionOf(cmd, args) {
  const { stdout, stderr } = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${stdout ?? ''}${stderr ?? ''}`.trim().split('\n')[0] || 'unknown';
}

function describeMachine() {
  const packageVersion = (/** @type {string} */ name) =>
    JSON.parse(readFileSync(join(BENCH_DIR, '..', 'node_modules', name, 'package.json'), 'utf8'))
      .version;
  return {
    nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: versionOf('uname', ['-sr']),
    node: process.version,
    xmllint: versionOf('xmllint', ['--version']),
    python: versionOf('python3', ['--version']),
    fastXmlParser: packageVersion('fast-xml-parser'),
    saxes: packageVersion('saxes'),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    // What was measured: the tree is shared and changes while engineers work.
    gitCommit: versionOf('git', ['-C', join(BENCH_DIR, '..'), 'rev-parse', '--short', 'HEAD']),
    uncommittedFiles: spawnSync('git', ['-C', join(BENCH_DIR, '..'), 'status', '--porcelain'], {
      encoding: 'utf8',
    })
      .stdout.split('\n')
      .filter(Boolean).length,
  };
}

/**
 * Measure rows in sweeps: every row once (warm-up on a few small files, which also proves the
 * command works), then every row once per repetition. Interleaving puts each row's runs at
 * different moments, so a drift in background load (the machine is shared) hits all rows alike
 * instead of whichever row happened to run then. A row that fails is reported n/a and dropped.
 * @param {ThroughputRow[]} rows
 * @param {Record<InputSetName, Inputs>} sets
 * @param {Record<InputSetName, number>} bytes
 * @param {Record<InputSetName, Inputs>} warmups  a few small files of each set
 * @param {number} reps
 * @param {(line: string) => void} log
 * @returns {Promise<RowResult[]>}
 */
async function measureThroughput(rows, sets, bytes, warmups, reps, log) {
  /** @type {Map<string, { row: ThroughputRow, runsMs: number[], cpuMs: number[], rss: number[], loads: number[], reason?: string }>} */
  const state = new Map(
    rows.map((row) => [
      row.id,
      { row, runsMs: [], cpuMs: [], rss: [], loads: [], reason: row.unavailable },
    ]),
  );
  const live = () => [...state.values()].filter((s) => s.reason === undefined);
  for (const entry of live()) {
    const warmup = warmups[entry.row.set];
    const completed = await runCommand(entry.row.command(warmup));
    const failure = entry.row.check(completed, warmup);
    if (failure) entry.reason = `does not run yet: ${failure}`;
    log(`warm-up ${entry.row.id}: ${failure ? `n/a (${failure})` : 'ok'}`);
  }
  for (let rep = 1; rep <= reps; rep++) {
    for (const entry of live()) {
      const inputs = sets[entry.row.set];
      entry.loads.push(loadavg()[0] ?? 0);
      const completed = await runCommand(entry.row.command(inputs));
      const failure = entry.row.check(completed, inputs);
      if (failure) {
        entry.reason = `run ${rep} failed: ${failure}`;
        continue;
      }
      entry.runsMs.push(Math.round(completed.ms));
      entry.cpuMs.push(Math.round(completed.cpuMs));
      entry.rss.push(Math.round(completed.peakRssMb));
      log(
        `run ${rep}/${reps} ${entry.row.id}: ${(bytes[entry.row.set] / 1e3 / completed.ms).toFixed(1)} MB/s`,
      );
    }
  }
  return [...state.values()].map(({ row, runsMs, cpuMs, rss, loads, reason }) => {
    const base = {
      id: row.id,
      label: row.label,
      set: row.set,
      bytes: bytes[row.set],
      files: sets[row.set].files.length,
    };
    if (reason !== undefined) return { ...base, status: 'n/a', reason };
    const best = runsMs.indexOf(Math.min(...runsMs));
    const wallMs = runsMs[best] ?? 0;
    return {
      ...base,
      status: 'ok',
      wallMs,
      medianMs: median(runsMs),
      runsMs,
      cpuMs: cpuMs[best],
      peakRssMb: Math.max(...rss),
      mbPerS: bytes[row.set] / 1e6 / (wallMs / 1000),
      load: Math.round(median(loads) * 100) / 100,
    };
  });
}

/**
 * Event-loop lag of a process running a 2-worker validate job at full speed.
 * @param {string} id @param {string} label @param {string[]} runArgs @param {string} tempDir
 * @returns {Promise<RowResult>}
 */
async function measureLag(id, label, runArgs, tempDir) {
  const base = { id, label, set: 'other', unit: 'ms p99' };
  const out = join(tempDir, `${id}.ndjson`);
  const completed = await runCommand({
    cmd: process.execPath,
    args: [
      join(BENCH_DIR, 'event-loop-lag.mjs'),
      'run',
      '--workers',
      '2',
      '--format',
      'ndjson',
      '--out',
      out,
      ...runArgs,
    ],
  });
  const line = completed.stdout.split('\n').find((l) => l.startsWith('{"p50Ms"'));
  if (!line)
    return {
      ...base,
      status: 'n/a',
      reason: `does not run yet: ${completed.stderr.trim().split('\n')[0]}`,
    };
  const lag = JSON.parse(line);
  if (lag.exitCode !== 0)
    return { ...base, status: 'n/a', reason: `xmlpool run exited ${lag.exitCode}` };
  return {
    ...base,
    status: 'ok',
    value: lag.p99Ms,
    note: `p50 ${lag.p50Ms} ms, max ${lag.maxMs} ms, run ${(lag.elapsedMs / 1000).toFixed(1)} s`,
  };
}

/**
 * Long tasks in the browser-mode renderer (bench/longtasks.mjs drives Chromium via Playwright).
 * @param {string} tempDir
 * @param {number} inputs
 * @returns {Promise<RowResult>}
 */
function measureLongTasks(tempDir, inputs) {
  return longTaskRow(
    'longtasks.browser',
    `renderer long tasks > 50 ms (${inputs.toLocaleString('en-US')} inputs, during a run)`,
    ['--temp', tempDir, '--inputs', String(inputs)],
  );
}

/**
 * Long tasks of the timeline's renderer while it is zoomed, panned and hovered with `tasks`
 * tasks on it (bench/longtasks.mjs --timeline-tasks).
 * @param {string} tempDir
 * @param {number} tasks
 * @returns {Promise<RowResult>}
 */
function measureTimelineLongTasks(tempDir, tasks) {
  return longTaskRow(
    'longtasks.timeline',
    `timeline long tasks > 50 ms (${tasks.toLocaleString('en-US')} tasks: zoom, pan, hover)`,
    ['--temp', tempDir, '--timeline-tasks', String(tasks)],
  );
}

/**
 * @param {string} id @param {string} label @param {string[]} args
 * @returns {Promise<RowResult>}
 */
async function longTaskRow(id, label, args) {
  const base = { id, label, set: 'other', unit: 'count' };
  const completed = await runCommand({
    cmd: process.execPath,
    args: [join(BENCH_DIR, 'longtasks.mjs'), ...args],
  });
  const line = completed.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line)
    return {
      ...base,
      status: 'n/a',
      reason: completed.stderr.trim().split('\n').slice(-1)[0] ?? 'no output',
    };
  const result = JSON.parse(line);
  if (result.unavailable) return { ...base, status: 'n/a', reason: result.unavailable };
  return { ...base, status: 'ok', value: result.longTasks, note: result.note };
}

/**
 * A cluster row (bench/cluster.mjs): runs one mode, reads its JSON line, and turns it into a row.
 * @param {string} id @param {string} label @param {string[]} args
 * @param {(result: Record<string, number>) => { value: number, unit: string, note: string }} toRow
 * @returns {Promise<RowResult>}
 */
async function measureCluster(id, label, args, toRow) {
  const base = { id, label, set: 'other' };
  const completed = await runCommand({
    cmd: process.execPath,
    args: [join(BENCH_DIR, 'cluster.mjs'), ...args],
  });
  const line = completed.stdout.split('\n').find((l) => l.startsWith('{'));
  if (completed.code !== 0 || !line) {
    const reason =
      completed.stderr.trim().split('\n').slice(-1)[0] || `exit code ${completed.code}`;
    return { ...base, status: 'n/a', reason };
  }
  return { ...base, status: 'ok', ...toRow(JSON.parse(line)) };
}

/** @param {number} n */
const round1 = (n) => Math.round(n * 10) / 10;

/** @param {string} path @param {string} text */
function writeAtomic(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** CLDR's XML files (those naming a DTD), sorted, or none when the package is not installed. */
function listCldr() {
  if (!existsSync(CLDR_DIR)) return [];
  return readdirSync(CLDR_DIR, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.xml'))
    .map((name) => join(CLDR_DIR, name))
    .filter((file) => readFileSync(file, 'latin1').slice(0, 512).includes('<!DOCTYPE'))
    .sort();
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
  const tempDir = mkdtempSync(join(tmpdir(), 'xmlpool-bench-'));
  try {
    const spec = options.quick ? CORPUS_SPECS.quick : CORPUS_SPECS.full;
    const allRows = throughputRows({ tempDir, rowTag: 'record' });
    const selected = (/** @type {string} */ id) =>
      options.only.length === 0 ||
      id.startsWith('xmllint.') ||
      options.only.some((s) => id.includes(s));
    if (options.list) {
      const metricIds = [
        'lag.files',
        'lag.big',
        'longtasks.browser',
        'longtasks.timeline',
        'cluster.overhead.files',
        'cluster.objectstore',
        'cluster.dispatch.tiny',
        'cluster.simulate',
      ];
      for (const id of [...allRows.map((r) => r.id), ...metricIds]) console.log(id);
      return;
    }
    const machine = describeMachine();
    const corpusRoot = join(BENCH_DIR, 'corpus');
    const corpus = ensureCorpus(corpusRoot, spec, log);
    // `npm run bench` has just built out/cli; the pool bundle is bench-only.
    await buildEngineBundle();

    /** @param {string[]} files @param {string} name @returns {Inputs} */
    const inputSet = (files, name) => {
      const list = join(tempDir, `${name}.txt`);
      writeFileSync(list, `${files.join('\n')}\n`);
      return { files, list };
    };
    // CLDR (bench only, installed by hand): every file naming a DTD; --quick takes 200 of them.
    const cldrFiles = listCldr().slice(0, options.quick ? 200 : undefined);
    const sets = {
      files: inputSet(corpus.files, 'files'),
      big: inputSet([corpus.big], 'big'),
      cldr: inputSet(cldrFiles, 'cldr'),
    };
    const bytes = {
      files: corpus.filesBytes,
      big: corpus.bigBytes,
      cldr: cldrFiles.reduce((sum, file) => sum + statSync(file).size, 0),
    };
    const warmup = inputSet(corpus.files.slice(0, WARMUP_FILES), 'warmup');
    const warmups = {
      files: warmup,
      big: warmup,
      cldr: inputSet(cldrFiles.slice(0, WARMUP_FILES), 'warmup-cldr'),
    };

    // The many-files sets (issue 16), generated only when a row other than xmllint's uses them.
    const manySets = ['tiny', 'attr', 'startup'];
    const usesMany = allRows.some(
      (r) => manySets.includes(r.set) && !r.id.startsWith('xmllint.') && selected(r.id),
    );
    const many = usesMany
      ? ensureManyFiles(corpusRoot, options.quick ? 'quick' : 'full', log)
      : {
          tinyDir: '',
          tinyFiles: [],
          tinyBytes: 0,
          attrDir: '',
          attrFiles: [],
          attrBytes: 0,
          emptyDir: '',
        };
    const tiny = { ...inputSet(many.tinyFiles, 'tiny'), dir: many.tinyDir };
    const attr = { ...inputSet(many.attrFiles, 'attr'), dir: many.attrDir };
    // xmlpool runs on the empty folder; xmllint, which cannot run on nothing, on one tiny file.
    const startup = { ...inputSet(many.tinyFiles.slice(0, 1), 'startup'), dir: many.emptyDir };
    const allSets = { ...sets, tiny, attr, startup };
    const allBytes = {
      ...bytes,
      tiny: many.tinyBytes,
      attr: many.attrBytes,
      startup: many.tinyFiles[0] ? statSync(many.tinyFiles[0]).size : 0,
    };
    const allWarmups = {
      ...warmups,
      tiny: inputSet(many.tinyFiles.slice(0, WARMUP_FILES), 'warmup-tiny'),
      attr: inputSet(many.attrFiles.slice(0, WARMUP_FILES), 'warmup-attr'),
      startup,
    };

    const rows = allRows.filter((r) => selected(r.id) && (usesMany || !manySets.includes(r.set)));
    /** @type {RowResult[]} */
    const results = await measureThroughput(rows, allSets, allBytes, allWarmups, options.reps, log);
    for (const result of results) {
      const reference = results.find((r) => r.id === `xmllint.${result.set}` && r.status === 'ok');
      if (result.status === 'ok' && reference?.mbPerS && result.mbPerS)
        result.vsXmllint = result.mbPerS / reference.mbPerS;
    }

    /** @type {Array<[string, () => Promise<RowResult>]>} */
    const metrics = [
      [
        'lag.files',
        () =>
          measureLag(
            'lag.files',
            'event-loop lag: validate, 2 workers, 200 files',
            ['--task', 'validate', ...corpus.files],
            tempDir,
          ),
      ],
      [
        'lag.big',
        () =>
          measureLag(
            'lag.big',
            `event-loop lag: validate --row-tag, 2 workers, big file`,
            ['--task', 'validate', '--row-tag', corpus.rowTag, corpus.big],
            tempDir,
          ),
      ],
      ['longtasks.browser', () => measureLongTasks(tempDir, options.quick ? 1000 : 10_000)],
      ['longtasks.timeline', () => measureTimelineLongTasks(tempDir, 100_000)],
      [
        'cluster.overhead.files',
        () =>
          measureCluster(
            'cluster.overhead.files',
            'cluster: dispatcher + 2 worker processes (NATS, Object Store), validate',
            ['overhead', sets.files.list],
            (r) => ({
              value: round1(r.clusterMbPerS),
              unit: 'MB/s',
              note: `local 2-thread pool ${round1(r.localMbPerS)} MB/s on the same files (${round1(r.clusterMbPerS / r.localMbPerS)}×); ${r.ok}/${r.files} ok`,
            }),
          ),
      ],
      [
        'cluster.objectstore',
        () =>
          measureCluster(
            'cluster.objectstore',
            'cluster: Object Store put of one 64 MiB object (loopback)',
            ['objects', '64'],
            (r) => ({
              value: round1(r.putMbPerS),
              unit: 'MB/s',
              note: `get ${round1(r.getMbPerS)} MB/s`,
            }),
          ),
      ],
      [
        'cluster.dispatch.tiny',
        () =>
          measureCluster(
            'cluster.dispatch.tiny',
            'cluster: tiny units (one ~60-byte file each), 2 workers',
            ['dispatch', options.quick ? '300' : '2000'],
            (r) => ({
              value: Math.round(r.unitsPerS),
              unit: 'units/s',
              note: `${Math.round(r.sharedFsUnitsPerS)} units/s with --shared-fs; ${r.units} units`,
            }),
          ),
      ],
      [
        'cluster.simulate',
        () =>
          measureCluster(
            'cluster.simulate',
            'cluster: real dispatcher, 200 simulated workers, 50 ms units',
            ['simulate', '200', options.quick ? '1000' : '4000', '50'],
            (r) => ({
              value: Math.round(r.unitsPerS),
              unit: 'units/s',
              note: `${Math.round(r.efficiency * 100)}% of the ideal ${Math.round(r.idealUnitsPerS)}; ${round1(r.cpuMsPerUnit)} ms CPU per unit`,
            }),
          ),
      ],
    ];
    for (const [id, measure] of metrics) {
      if (options.only.length > 0 && !options.only.some((s) => id.includes(s))) continue;
      log(`… ${id}`);
      const result = await measure();
      log(
        `  ${result.status === 'ok' ? `${result.value} ${result.unit}` : `n/a: ${result.reason}`}`,
      );
      results.push(result);
    }

    const goals = evaluateGoals(results);
    const report = {
      date: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      repetitions: options.reps,
      statistic: `best (shortest) of ${options.reps} timed runs (rows interleaved: one sweep over all rows per repetition) after 1 warm-up run on ${WARMUP_FILES} small files; wall time of the whole process`,
      machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
      corpus: {
        spec,
        filesBytes: corpus.filesBytes,
        bigBytes: corpus.bigBytes,
        files: corpus.files.length,
      },
      durationS: Math.round((performance.now() - started) / 1000),
      rows: results,
      goals,
    };
    console.log(formatReport(report));
    const resultsDir = join(BENCH_DIR, 'results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = report.date.replace(/[:.]/g, '-');
    const json = `${JSON.stringify(report, null, 2)}\n`;
    writeAtomic(join(resultsDir, `${stamp}-${report.mode}.json`), json);
    writeAtomic(join(resultsDir, `latest-${report.mode}.json`), json);
    log(`results: bench/results/${stamp}-${report.mode}.json (${report.durationS} s)`);
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

await main();
