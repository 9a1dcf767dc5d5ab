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

  it('reports each failed file of a batch with its own fault kind', async () => {
    // Twelve small files on one worker are batched three to a unit: the three faults share one.
    for (const name of ['__crash__', '__hang__', '__oom__']) put(`data/${name}.xml`, '<a/>');
    for (let i = 1; i <= 9; i++) put(`data/ok-${i}.xml`, '<a/>');
    const out = join(dir, 'report.ndjson');
    const args = ['--workers', '1', '--timeout', '2000', '--memory-mb', '64', '--out', out];
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
      ['__hang__.xml', 'timeout', expect.stringContaining('timeout of 2000 ms')],
      ['__oom__.xml', 'oom', expect.stringContaining('out of memory')],
    ]);
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
});
