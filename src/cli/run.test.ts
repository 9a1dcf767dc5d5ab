/**
 * `xmlpool run` end to end, as a shell runs it: the built CLI (inject('cliEntry')) in a child
 * process on real files, for what only shows at the process boundary (pipes, exit codes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';

const cliEntry = inject('cliEntry');
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-run-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

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
      // The job's temp folder exists once the CLI listens for signals.
      const poll = setInterval(() => {
        if (readdirSync(join(dir, 'tmp')).length > 0) {
          clearInterval(poll);
          child.kill('SIGTERM');
        }
      }, 20);
    });
    expect(finished.code).toBe(1);
    expect(finished.stderr).toContain('cancelling');
    const results: Record<string, unknown>[] = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results.map((r) => r.file)).toEqual(files);
    expect(results[1]).toMatchObject({ ok: false, errors: [{ kind: 'cancelled' }] });
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
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
