/**
 * `xmlpool run` end to end, as a shell runs it: the built CLI (inject('cliEntry')) in a child
 * process on real files, for what only shows at the process boundary (pipes, exit codes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  type FSWatcher,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { THIS_HOST } from '../engine/fs/temp-files';
import { GATE_FILE_NAME } from '../engine/pool/test-faults';

const cliEntry = inject('cliEntry');
let dir = '';
const watchers: FSWatcher[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-run-'));
});
afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Finished {
  code: number | null;
  firstLine: string;
  stderr: string;
}

/**
 * Runs `xmlpool run <args>`; with `readOneLine`, stdout is closed after its first line, as
 * `| head -1` does.
 */
function xmlpoolRun(
  args: string[],
  readOneLine = false,
  whenStarted?: (child: ChildProcess) => void,
): Promise<Finished> {
  const runner = join(dir, 'run-cli.mjs');
  writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(pathToFileURL(cliEntry).href)});\n` +
      'process.exitCode = await main(process.argv.slice(2));\n',
  );
  // TMPDIR: the job's temp folder lands in the test's folder, where the test can look for it.
  // XMLPOOL_TEST_FAULTS: a file named *__hang__* holds its worker (src/engine/pool/test-faults.ts).
  const env = { ...process.env, TMPDIR: join(dir, 'tmp'), XMLPOOL_TEST_FAULTS: '1' };
  mkdirSync(env.TMPDIR, { recursive: true });
  const child = spawn(process.execPath, [runner, 'run', ...args], { cwd: dir, env });
  whenStarted?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => {
    stdout += data.toString();
    if (readOneLine && stdout.includes('\n')) child.stdout.destroy();
  });
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ code, firstLine: stdout.split('\n')[0] ?? '', stderr }));
  });
}

function put(rel: string, content: string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Resolves as soon as `folder` holds a name that `matches` (watched, not polled). */
function nameAppears(folder: string, matches: (name: string) => boolean): Promise<void> {
  return new Promise((resolve) => {
    let found = false;
    const check = (): void => {
      if (found || !readdirSync(folder).some(matches)) return;
      found = true;
      watcher.close();
      resolve();
    };
    const watcher = watch(folder, check);
    watchers.push(watcher);
    check();
  });
}

/**
 * Sends the signals so that they arrive together, as `timeout`'s two SIGTERMs can: the process
 * is stopped while they are sent, so the second finds the first not yet handled. (Two of the
 * same signal would merge into one while pending, hence two different ones.)
 */
function signalTogether(child: ChildProcess, signals: NodeJS.Signals[]): void {
  child.kill('SIGSTOP');
  for (const signal of signals) child.kill(signal);
  child.kill('SIGCONT');
}

/** A document of `<r>` records under one root, of at least `bytes` bytes: big enough to split. */
function records(bytes: number): string {
  const record = '<r><name>lorem ipsum dolor sit amet</name><v>12345</v></r>\n';
  return `<root>\n${record.repeat(Math.ceil(bytes / record.length))}</root>\n`;
}

function reportLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** The id of a process that has ended: no process runs under it (for a while at least). */
function endedProcessId(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((resolve) => child.on('exit', () => resolve(child.pid ?? 0)));
}

describe('xmlpool run, end to end', () => {
  it('stops quietly when the reader of stdout goes away (| head -1), with the run’s exit code', async () => {
    // Far more NDJSON than a pipe holds, so the CLI is still writing when the reader leaves.
    for (let i = 0; i < 600; i++) put(`data/f${String(i).padStart(3, '0')}.xml`, '<a/>');
    const finished = await xmlpoolRun(['--workers', '1', join(dir, 'data')], true);
    expect(JSON.parse(finished.firstLine)).toMatchObject({ ok: true });
    expect(finished.stderr).toBe('');
    expect(finished.code).toBe(0);
  });

  it('cancels on SIGTERM like Ctrl-C: every file reported, exit 1, no temp folder left', async () => {
    const files = [put('a.xml', '<a/>'), put('b__hang__.xml', '<b/>')];
    const out = join(dir, 'report.ndjson');
    const args = ['--workers', '1', '--order', 'input', '--out', out, ...files];
    const finished = await xmlpoolRun(args, false, (child) => {
      // As early as a test can see the run: its job's temp folder is being made. (Before the
      // fix, the CLI listened for signals only after that, and a signal then killed it.)
      void nameAppears(join(dir, 'tmp'), () => true).then(() => child.kill('SIGTERM'));
    });
    expect(finished.code).toBe(1);
    expect(finished.stderr).toContain('cancelling');
    const results = reportLines(out);
    expect(results.map((r) => r.file)).toEqual(files);
    expect(results[1]).toMatchObject({ ok: false, errors: [{ kind: 'cancelled' }] });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it.each(['thread', 'process'])(
    'quits on a second signal during a split convert, leaving no part or temp file (%s backend)',
    async (backend) => {
      // Every chunk after the first hangs: the first chunk's part file stays until the end.
      const big = put('in/big__hangsplit__.xml', records(17 * 1024 * 1024));
      const out = join(dir, 'out');
      mkdirSync(out);
      const report = join(dir, 'report.ndjson');
      const convert = ['--task', 'convert', '--row-tag', 'r', '--out-dir', out];
      const args = [...convert, '--workers', '2', '--backend', backend, '--out', report, big];
      let whenSignalled: string[] = [];
      const finished = await xmlpoolRun(args, false, (child) => {
        void nameAppears(out, (name) => name.includes('.part-')).then(() => {
          whenSignalled = readdirSync(out);
          signalTogether(child, ['SIGINT', 'SIGTERM']);
        });
      });
      expect(whenSignalled.some((name) => name.includes('.part-'))).toBe(true);
      // 128 + the number of the second signal handled.
      expect([130, 143]).toContain(finished.code);
      expect(finished.stderr).toContain('cancelling');
      expect(readdirSync(out)).toEqual([]);
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
      expect(existsSync(report)).toBe(false);
    },
  );

  it('cancels a split convert on one signal: reported, and no part or temp file left', async () => {
    const big = put('in/big__hangsplit__.xml', records(17 * 1024 * 1024));
    const out = join(dir, 'out');
    mkdirSync(out);
    const report = join(dir, 'report.ndjson');
    const args = ['--task', 'convert', '--row-tag', 'r', '--out-dir', out, '--out', report, big];
    const finished = await xmlpoolRun(args, false, (child) => {
      void nameAppears(out, (name) => name.includes('.part-')).then(() => child.kill('SIGTERM'));
    });
    expect(finished.code).toBe(1);
    expect(reportLines(report)).toMatchObject([{ file: big, errors: [{ kind: 'cancelled' }] }]);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('removes the part files a killed run left in its output folder, and nothing else', async () => {
    put('in/a.xml', '<a><b>1</b></a>');
    const out = join(dir, 'out');
    mkdirSync(out);
    const ended = await endedProcessId();
    const left = `.a.ndjson.part-0-0.xmlpool-${THIS_HOST}-${ended}-0123abcd-89abcdef.tmp`;
    const kept = [
      // A run that still goes on (this test's own process) owns it.
      `.a.json.xmlpool-${THIS_HOST}-${process.pid}-0123abcd-89abcdef.tmp`,
      // Not names of ours, however close.
      `.a.json.${ended}.89abcdef.tmp`,
      'a.ndjson.part-0-0-89abcdef',
      `a.xmlpool-${THIS_HOST}-${ended}-0123abcd-89abcdef.tmp`,
    ];
    for (const name of [left, ...kept]) writeFileSync(join(out, name), 'x');
    const finished = await xmlpoolRun(['--task', 'convert', '--out-dir', out, join(dir, 'in')]);
    expect(finished.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...kept, 'a.json'].sort());
  });

  it('reports each failed file of a batch with its own fault kind', async () => {
    // Twelve small files on one worker are batched three to a unit: the three faults share one.
    for (const name of ['__crash__', '__hang__', '__oom__']) put(`data/${name}.xml`, '<a/>');
    for (let i = 1; i <= 9; i++) put(`data/ok-${i}.xml`, '<a/>');
    const out = join(dir, 'report.ndjson');
    // The timeout must leave the out-of-memory file (retried alone) time to fill its heap.
    const args = ['--workers', '1', '--timeout', '10000', '--memory-mb', '64', '--out', out];
    const finished = await xmlpoolRun([...args, join(dir, 'data')]);
    expect(finished.code).toBe(1);
    const failed = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((result) => !result.ok)
      .map((result) => [result.relative, result.errors[0].kind, result.errors[0].message]);
    expect(failed).toEqual([
      ['__crash__.xml', 'crash', expect.stringContaining('exited unexpectedly with code 70')],
      ['__hang__.xml', 'timeout', expect.stringContaining('timeout of 10000 ms')],
      ['__oom__.xml', 'oom', expect.stringContaining('out of memory')],
    ]);
  });

  it('exits 2 when the report cannot be written, leaving nothing of it behind', async () => {
    const files = [put('a.xml', '<a/>'), put('b__gate__.xml', '<b/>')];
    mkdirSync(join(dir, 'reports'));
    const out = join(dir, 'reports', 'report.ndjson');
    const outputs = join(dir, 'json');
    mkdirSync(outputs);
    const convert = ['--task', 'convert', '--out-dir', outputs, '--workers', '1'];
    const finished = await xmlpoolRun([...convert, '--out', out, ...files], false, () => {
      // Once the first output is there, the run is under way (its destination checked): a
      // folder takes the report's name, so the report's rename fails at the end; then the held
      // file may finish.
      void nameAppears(outputs, (name) => name === 'a.json').then(() => {
        mkdirSync(join(out, 'kept'), { recursive: true });
        writeFileSync(join(dir, 'tmp', GATE_FILE_NAME), '');
      });
    });
    expect(finished.code).toBe(2);
    expect(finished.stderr).toContain(`could not write ${out}`);
    // The folder in its way is untouched, and no temp file of the report is left beside it.
    expect(readdirSync(join(dir, 'reports'))).toEqual(['report.ndjson']);
    expect(readdirSync(out)).toEqual(['kept']);
  });

  it('refuses, before processing anything, a report that would replace an input', async () => {
    const input = put('a.xml', '<a/>');
    const finished = await xmlpoolRun(['--out', input, input]);
    expect(finished.code).toBe(2);
    expect(finished.stderr).toBe(
      `xmlpool run: --out ${input} is one of the inputs; the report would replace it\n`,
    );
    expect(readFileSync(input, 'utf8')).toBe('<a/>');
  });

  it('writes a joblog, a trace and an HTML report that account for every task', async () => {
    const files = [
      ...Array.from({ length: 30 }, (_, i) => put(`d/f${String(i).padStart(2, '0')}.xml`, '<a/>')),
      put('d/bad.xml', '<a><b></a>'),
      put('d/x__crash__.xml', '<a/>'),
    ];
    const [joblog, trace, html] = ['run.tsv', 'run.json', 'run.html'].map((name) =>
      join(dir, name),
    );
    const out = join(dir, 'results.ndjson');
    const args = ['--workers', '2', '--out', out, '--joblog', joblog ?? '', '--trace', trace ?? ''];
    const finished = await xmlpoolRun([...args, '--report-html', html ?? '', join(dir, 'd')]);
    expect(finished.code).toBe(1);

    // The joblog parses back: GNU parallel's header, nine tab-separated columns per line.
    const [header, ...lines] = readFileSync(joblog ?? '', 'utf8')
      .trimEnd()
      .split('\n');
    expect(header).toBe(
      'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand',
    );
    const rows = lines.map((line) => {
      const cells = line.split('\t');
      expect(cells).toHaveLength(9);
      const [seq, host, start, runtime, send, receive, exitval, signal, command] = cells;
      return {
        seq: Number(seq),
        host,
        start: Number(start),
        runtime: Number(runtime),
        send: Number(send),
        receive: Number(receive),
        exitval: Number(exitval),
        signal: Number(signal),
        command: command ?? '',
      };
    });
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
    for (const row of rows) {
      expect(row.host).toMatch(/^worker-[12]$/);
      expect(row.start).toBeGreaterThan(1.7e9);
      expect(row.runtime).toBeGreaterThanOrEqual(0);
      expect(row.receive).toBe(0);
      expect(row.command).toMatch(/^xmlpool run --task validate \//);
    }
    const linesOf = (name: string) => rows.filter((row) => row.command.includes(`/${name}`));
    // Every file ran in a task: named in a command line, the bytes sent add up.
    for (const path of files) expect(rows.some((row) => row.command.includes(path))).toBe(true);
    expect(linesOf('bad.xml').map((row) => row.exitval)).toEqual([1]);
    // The crashing file: its batch's attempt, then its retry, both exit 2 (the worker died).
    expect(linesOf('x__crash__.xml').map((row) => row.exitval)).toEqual([2, 2]);
    expect(linesOf('x__crash__.xml').at(-1)?.command).toBe(
      `xmlpool run --task validate ${join(dir, 'd', 'x__crash__.xml')}`,
    );

    // The trace: one complete event per joblog line, each on a named worker track.
    const parsed = JSON.parse(readFileSync(trace ?? '', 'utf8')) as {
      traceEvents: {
        ph: string;
        name: string;
        tid: number;
        ts?: number;
        dur?: number;
        args?: { files?: string[]; outcome?: string };
      }[];
    };
    const complete = parsed.traceEvents.filter((event) => event.ph === 'X');
    expect(complete).toHaveLength(rows.length);
    const named = new Set(
      parsed.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.tid),
    );
    for (const event of complete) {
      expect(named.has(event.tid)).toBe(true);
      expect(event.ts).toBeGreaterThanOrEqual(0);
      expect(event.dur).toBeGreaterThanOrEqual(0);
    }
    const traced = complete.flatMap((event) => event.args?.files ?? []);
    for (const path of files) expect(traced).toContain(path.slice(join(dir, 'd').length + 1));
    expect(complete.filter((event) => event.args?.outcome === 'retried')).toHaveLength(1);
    expect(complete.filter((event) => event.args?.outcome === 'crashed')).toHaveLength(1);

    // The HTML report: self-contained, its script allowed by hash only.
    const page = readFileSync(html ?? '', 'utf8');
    // (Checked as booleans: a failure would print the whole page.)
    expect(/script-src 'sha256-[A-Za-z0-9+/=]+'/.test(page)).toBe(true);
    expect(/<script[^>]*\ssrc=/.test(page)).toBe(false);
    expect(page.includes('data-stat="files"')).toBe(true);
    expect(page.includes('bad.xml')).toBe(true);
  });
});
