/**
 * `xmlpool run` as a user runs it: the built CLI (inject('cliEntry')) in a child process, on real
 * files, checking stdout, stderr and the exit code.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';

const cliEntry = inject('cliEntry');
const run = promisify(execFile);
let dir = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `xmlpool <args>` and returns its exit code and output. */
async function xmlpool(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  // A script file rather than `node -e`: worker threads inherit the parent's Node flags, and
  // `--input-type` (needed by -e) is refused for a worker's script file.
  const runner = join(dir, 'run-cli.mjs');
  writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(pathToFileURL(cliEntry).href)});\n` +
      'process.exitCode = await main(process.argv.slice(2));\n',
  );
  try {
    const { stdout, stderr } = await run(process.execPath, [runner, ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    // execFile rejects on a non-zero exit, with the code and the output on the error.
    if (!(error instanceof Error && 'code' in error && typeof error.code === 'number')) throw error;
    const output = (key: string): string => String(key in error ? Reflect.get(error, key) : '');
    return { code: error.code, stdout: output('stdout'), stderr: output('stderr') };
  }
}

function put(rel: string, content: string): string {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function lines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('xmlpool run', () => {
  it('exits 0 and prints one NDJSON result per file, in input order', async () => {
    const b = put('data/b.xml', '<b><c/></b>');
    const a = put('data/a.xml', '<a/>');
    put('data/readme.txt', 'not xml');
    const { code, stdout } = await xmlpool('run', '--workers', '2', join(dir, 'data'));
    expect(code).toBe(0);
    const results = lines(stdout);
    expect(results.map((r) => r.file)).toEqual([a, b]);
    for (const result of results) {
      expect(result).toMatchObject({ ok: true, errors: [] });
      expect(typeof result.bytes).toBe('number');
    }
  });

  it('exits 1 when a file fails, with the error line, column and message', async () => {
    const good = put('good.xml', '<a/>');
    const bad = put('bad.xml', '<a>\n  <b></a>\n');
    const { code, stdout } = await xmlpool('run', '--workers', '1', good, bad);
    expect(code).toBe(1);
    const [first, second] = lines(stdout);
    expect(first).toMatchObject({ file: good, ok: true });
    expect(second).toMatchObject({ file: bad, ok: false, bytes: 14 });
    const errors = second?.errors;
    expect(Array.isArray(errors) && errors[0]).toMatchObject({
      line: expect.any(Number),
      column: expect.any(Number),
      message: expect.any(String),
    });
  });

  it('reports a missing path as a failed file, not a crash', async () => {
    const missing = join(dir, 'nope.xml');
    const { code, stdout } = await xmlpool('run', '--workers', '1', missing);
    expect(code).toBe(1);
    const [result] = lines(stdout);
    expect(result).toMatchObject({
      file: missing,
      ok: false,
      bytes: 0,
      errors: [{ line: null, column: null, message: expect.stringMatching(/no such file/) }],
    });
  });

  it('exits 2 for usage errors, with a message', async () => {
    const file = put('a.xml', '<a/>');
    const unknown = await xmlpool('run', '--frobnicate', file);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--frobnicate');
    expect(unknown.stdout).toBe('');
  });

  it('exits 2 for an output folder inside an input folder, and writes nothing', async () => {
    put('data/a.xml', '<a/>');
    const outDir = join(dir, 'data', 'json');
    const { code, stderr, stdout } = await xmlpool(
      'run',
      '--task',
      'convert',
      '--out-dir',
      outDir,
      join(dir, 'data'),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--force');
    expect(stdout).toBe('');
    expect(existsSync(outDir)).toBe(false);
  });

  it('validates against a schema: exit 1 with every error, exit 2 for a schema that does not compile', async () => {
    const schema = put(
      's/note.xsd',
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="n" type="xs:int"/></xs:schema>',
    );
    put('d/good.xml', '<n>1</n>');
    put('d/bad.xml', '<n>x</n>');
    const checked = await xmlpool('run', '--schema', 's/note.xsd', '--workers', '1', 'd');
    expect(checked.code).toBe(1);
    const [bad, good] = lines(checked.stdout);
    expect(good).toMatchObject({
      ok: true,
      errorMode: 'all-validity',
      schema: { schema, kind: 'xsd', invalid: 0 },
    });
    expect(bad).toMatchObject({
      ok: false,
      errors: [{ kind: 'invalid', line: 1, column: 1, path: '/n' }],
    });
    put(
      's/broken.xsd',
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<xs:element name="n" type="nope"/></xs:schema>',
    );
    const broken = await xmlpool('run', '--schema', 's/broken.xsd', 'd');
    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(
      /xmlpool run: the schema .*broken\.xsd does not compile: .*broken\.xsd:2: /,
    );
    const missing = await xmlpool('run', '--schema', 's/missing.xsd', 'd');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing.xsd cannot be used: cannot read it');
    const errors = await xmlpool('run', '--schema', 's/note.xsd', '--format', 'csv-errors', 'd');
    expect(errors.stdout.split('\r\n')[0]).toBe('file,ok,kind,line,column,path,message,group');
  });

  it('writes a CSV report to --out with a BOM, and nothing to stdout', async () => {
    const file = put('odd, "name".xml', '<a/>');
    const out = join(dir, 'report.csv');
    const { code, stdout } = await xmlpool('run', '--format', 'csv', '--bom', '--out', out, file);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const csv = readFileSync(out, 'utf8');
    const quoted = `"${file.replaceAll('"', '""')}"`;
    expect(csv).toBe(
      `\uFEFFfile,ok,bytes,elements,error_line,error_column,error_message\r\n${quoted},true,4,1,,,\r\n`,
    );
  });

  it('documents every option in --help and exits 0', async () => {
    const { code, stdout } = await xmlpool('run', '--help');
    expect(code).toBe(0);
    for (const option of [
      '--task',
      '--workers',
      '--backend',
      '--row-tag',
      '--include',
      '--order',
      '--out',
      '--format',
      '--bom',
      '--out-dir',
      '--force',
      '--timeout',
    ]) {
      expect(stdout).toContain(option);
    }
  });
});
