/**
 * Issue 10, item 2: a write the system cuts short is never committed as complete. The built CLI
 * runs under a real file-size limit (`prlimit --fsize`, util-linux, in every Debian install):
 * the kernel then does what a nearly full disk does, a short write of what still fits, then an
 * error (EFBIG here, ENOSPC on a full disk) on the next write. No mocks: the real writes of the
 * real CLI meet the real limit.
 */
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';

const cliEntry = inject('cliEntry');
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-writes-'));
  mkdirSync(join(dir, 'tmp'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `xmlpool run <args>`, under a file-size limit of `maxFileBytes` when given. */
function xmlpoolRun(args: string[], maxFileBytes?: number): Promise<Finished> {
  const runner = join(dir, 'run-cli.mjs');
  writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(pathToFileURL(cliEntry).href)});\n` +
      'process.exitCode = await main(process.argv.slice(2));\n',
  );
  const node = [process.execPath, runner, 'run', ...args];
  const [command = '', ...rest] =
    maxFileBytes === undefined ? node : ['prlimit', `--fsize=${maxFileBytes}`, '--', ...node];
  // TMPDIR: the job's temp folder (and its result spill) in the test's folder.
  const env = { ...process.env, TMPDIR: join(dir, 'tmp') };
  return new Promise((resolve) => {
    execFile(
      command,
      rest,
      { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function put(rel: string, content: string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Files in `folder` and below whose names end in .tmp (an atomic write's temp file). */
function tempFilesIn(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) =>
    name.endsWith('.tmp'),
  );
}

describe('checked writes', () => {
  it('a report (or the result spill) cut short by the system is exit 2 and nothing at the path', async () => {
    // Inputs that fail before any worker runs (missing files) have results of fixed bytes, so
    // the result spill is exactly as big as an NDJSON report of them, which a first run measures.
    // A JSON report needs one more byte per file and 3 in all: under a limit of exactly the
    // spill's size, the spill fits and the report's one write is cut short, then fails.
    const missing = Array.from({ length: 200 }, (_, i) => join(dir, 'gone', `f${i}.xml`));
    const measured = await xmlpoolRun(['--workers', '1', '--out', 'measure.ndjson', ...missing]);
    expect(measured.code).toBe(1);
    const spillBytes = statSync(join(dir, 'measure.ndjson')).size;

    const report = join(dir, 'report.json');
    const cut = await xmlpoolRun(
      ['--workers', '1', '--format', 'json', '--out', report, ...missing],
      spillBytes,
    );
    expect(cut.stderr).toMatch(/cannot write the report to .*report\.json: .*EFBIG/);
    expect(cut.code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['measure.ndjson', 'run-cli.mjs', 'tmp']);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);

    // One byte less and the job's own result spill cannot be written: exit 2, no temp folder.
    const spillCut = await xmlpoolRun(
      ['--workers', '1', '--out', report, ...missing],
      spillBytes - 1,
    );
    expect(spillCut.stderr).toMatch(/could not write .*results\.ndjson: EFBIG/);
    expect(spillCut.code).toBe(2);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['measure.ndjson', 'run-cli.mjs', 'tmp']);

    // The same run with room for it writes the whole report.
    const whole = await xmlpoolRun([
      '--workers',
      '1',
      '--format',
      'json',
      '--out',
      report,
      ...missing,
    ]);
    expect(whole.code).toBe(1);
    expect(statSync(report).size).toBe(spillBytes + missing.length + 3);
  });

  it('a convert output that cannot be written fails its file with kind output and the errno', async () => {
    // Under a 256 KiB limit: small.json fits, big.json (~1 MB, written at commit) does not.
    const items = Array.from({ length: 20_000 }, (_, i) => `<item n="${i}">text ${i}</item>`);
    const big = put('in/big.xml', `<root>${items.join('')}</root>`);
    const small = put('in/small.xml', '<root><item>1</item></root>');
    const out = join(dir, 'out');
    const run = await xmlpoolRun(
      ['--task', 'convert', '--workers', '1', '--out-dir', out, join(dir, 'in')],
      256 * 1024,
    );
    expect(run.code).toBe(1);
    const results = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results.map((r) => [r.file, r.ok])).toEqual([
      [big, false],
      [small, true],
    ]);
    expect(results[0].errors).toEqual([
      {
        kind: 'output',
        line: null,
        column: null,
        offset: null,
        message: `could not write ${join(out, 'big.json')}: EFBIG: file too large, write`,
      },
    ]);
    expect(readdirSync(out)).toEqual(['small.json']);
    expect(JSON.parse(readFileSync(join(out, 'small.json'), 'utf8'))).toEqual({
      root: { item: '1' },
    });
  });

  it('an NDJSON output cut short in the middle of the scan fails with kind output, not crash', async () => {
    // NDJSON (--json-limit-mb 0) is written 1 MiB at a time while the records are scanned: the
    // second write meets the 1.5 MiB limit inside the scan, which used to report
    // "crash: internal error while scanning".
    const records = Array.from(
      { length: 150_000 },
      (_, i) => `<r><id>${i}</id><v>value ${i}</v></r>`,
    );
    const input = put('in/records.xml', `<rows>${records.join('\n')}</rows>`);
    const out = join(dir, 'out');
    const run = await xmlpoolRun(
      ['--task', 'convert', '--json-limit-mb', '0', '--workers', '1', '--out-dir', out, input],
      1.5 * 1024 * 1024,
    );
    expect(run.code).toBe(1);
    const [result] = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(result).toMatchObject({ ok: false, errors: [{ kind: 'output' }] });
    expect(result.errors[0].message).toBe(
      `could not write ${join(out, 'records.ndjson')}: EFBIG: file too large, write`,
    );
    expect(readdirSync(out)).toEqual([]);
    expect(tempFilesIn(dir)).toEqual([]);
  });
});
