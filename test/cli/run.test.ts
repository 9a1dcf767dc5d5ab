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

/**
 * Runs `xmlpool <args>` on a pseudo-terminal (util-linux `script`), as a person at a terminal
 * does: stdout and stderr are both TTYs. Returns everything the terminal received.
 */
async function onTerminal(...args: string[]): Promise<{ code: number; screen: string }> {
  const runner = join(dir, 'run-cli.mjs');
  writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(pathToFileURL(cliEntry).href)});\n` +
      'process.exitCode = await main(process.argv.slice(2));\n',
  );
  // The live display redraws in place with cursor movements; only the text matters here.
  const text = (raw: unknown): string =>
    String(raw ?? '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts each sequence
      .replaceAll(/\x1b\[[0-9;]*[A-Za-z]/g, '')
      .replaceAll('\r', '');
  const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;
  const command = [process.execPath, runner, ...args].map(quote).join(' ');
  try {
    const { stdout } = await run('script', ['-qec', command, '/dev/null'], { cwd: dir });
    return { code: 0, screen: text(stdout) };
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && typeof error.code === 'number')) throw error;
    return { code: error.code, screen: text(Reflect.get(error, 'stdout')) };
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

  it('applies the scan limits given on the command line', async () => {
    const deep = put('deep.xml', '<a><b><c>\n<d/></c></b></a>');
    expect((await xmlpool('run', '--workers', '1', deep)).code).toBe(0);
    const limited = await xmlpool('run', '--workers', '1', '--max-depth', '3', deep);
    expect(limited.code).toBe(1);
    expect(lines(limited.stdout)[0]).toMatchObject({
      ok: false,
      errors: [{ kind: 'limit', line: 2, column: 1, message: expect.stringContaining('3') }],
    });
    // Nested references count towards --max-entity-expansions; the same file passes by default.
    const nested = put(
      'nested.xml',
      '<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;">]>\n<r>&b;</r>',
    );
    expect((await xmlpool('run', '--workers', '1', nested)).code).toBe(0);
    const bomb = await xmlpool('run', '--workers', '1', '--max-entity-expansions', '2', nested);
    expect(bomb.code).toBe(1);
    expect(lines(bomb.stdout)[0]).toMatchObject({ errors: [{ kind: 'limit', line: 2 }] });
  });

  it('processes files whose names are not UTF-8, reporting them escaped and apart', async (context) => {
    const data = join(dir, 'latin1');
    mkdirSync(data);
    const named = (byte: number) =>
      Buffer.concat([Buffer.from(`${data}/caf`), Buffer.from([byte]), Buffer.from('.xml')]);
    try {
      writeFileSync(named(0xe9), '<a>é</a>');
    } catch {
      context.skip('this file system only takes UTF-8 names');
    }
    writeFileSync(named(0xe8), '<b>broken</c>');
    const validate = await xmlpool('run', '--workers', '2', '--order', 'input', data);
    expect(validate.code).toBe(1);
    expect(lines(validate.stdout)).toMatchObject([
      { file: join(data, 'caf\\xe8.xml'), relative: 'caf\\xe8.xml', ok: false, bytes: 13 },
      { file: join(data, 'caf\\xe9.xml'), relative: 'caf\\xe9.xml', ok: true, elements: 1 },
    ]);
    const out = join(dir, 'json');
    const convert = await xmlpool('run', '--task', 'convert', '--out-dir', out, data);
    expect(lines(convert.stdout)[1]).toMatchObject({ ok: true, convert: { records: 1 } });
    expect(JSON.parse(readFileSync(join(out, 'caf\\xe9.json'), 'utf8'))).toEqual({ a: 'é' });
  });

  it('fails, never silently, a convert whose text outside the records cannot be kept', async () => {
    // Issue 10: a 1.1 GB <a>lorem…</a> became an empty NDJSON, records: 0, ok: true. Here the
    // text is 24 MB and the worker's heap 64 MB (112 MB with V8's young generation): too small
    // to convert it into one JSON string.
    const big = put('big-text.xml', `<a>${'lorem ipsum '.repeat((24 * 1024 * 1024) / 12)}</a>`);
    const out = join(dir, 'json');
    const { code, stdout } = await xmlpool(
      'run',
      '--task',
      'convert',
      '--json-limit-mb',
      '0',
      '--memory-mb',
      '64',
      '--out-dir',
      out,
      big,
    );
    expect(code).toBe(1);
    expect(lines(stdout)[0]).toMatchObject({
      ok: false,
      errors: [{ kind: 'oom', message: expect.stringMatching(/outside the records.*--memory-mb/) }],
    });
    expect(existsSync(join(out, 'big-text.ndjson'))).toBe(false);
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

  it('prints a report for people on a terminal: failures as file:line:col, then a summary', async () => {
    put('data/good.xml', '<a/>');
    put('data/bad.xml', '<a>\n  <b></a>\n');
    const { code, screen } = await onTerminal('run', '--workers', '1', 'data');
    expect(code).toBe(1);
    expect(screen).toContain('data/bad.xml:2:6: syntax error: </a> does not close <b>');
    expect(screen).toContain('      <b></a>\n         ^\n');
    expect(screen).toMatch(/^2 files: 1 ok, 1 failed; 18 B in [\d.]+s, [\d.]+ \w?B\/s$/m);
    expect(screen).not.toContain('"errors"');
  });

  it('keeps NDJSON on a terminal with --format ndjson, and says "1 file"', async () => {
    put('one.xml', '<a/>');
    const { code, screen } = await onTerminal('run', '--format', 'ndjson', 'one.xml');
    expect(code).toBe(0);
    expect(screen).toMatch(/^\{"file":"[^"]+one\.xml",.*"relative":"one\.xml"\}$/m);
    // The live display's summary on stderr.
    expect(screen).toMatch(/^1 file: 1 ok, 0 failed; 4 B in /m);
  });

  it('refuses to convert over outputs of an earlier run unless --overwrite', async () => {
    const file = put('data/a.xml', '<a>1</a>');
    const outDir = join(dir, 'json');
    const first = await xmlpool('run', '--task', 'convert', '--out-dir', outDir, file);
    expect(first.code).toBe(0);
    writeFileSync(join(outDir, 'a.json'), 'kept');
    const again = await xmlpool('run', '--task', 'convert', '--out-dir', outDir, file);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${join(outDir, 'a.json')}`);
    expect(again.stderr).toContain('--overwrite');
    expect(readFileSync(join(outDir, 'a.json'), 'utf8')).toBe('kept');
    const forced = await xmlpool(
      'run',
      '--task',
      'convert',
      '--overwrite',
      '--out-dir',
      outDir,
      file,
    );
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(outDir, 'a.json'), 'utf8'))).toEqual({ a: '1' });
  });

  it('warns on the result, and on a terminal, when --row-tag matches nothing', async () => {
    // Over 16 MiB: big enough to be split at the row tag, were there one.
    const record = '<record id="1"><v>42</v></record>\n';
    const body = record.repeat(Math.ceil((17 * 1024 * 1024) / record.length));
    put('big.xml', `<records>\n${body}</records>\n`);
    const args = ['run', '--workers', '2', '--row-tag', 'recrod', 'big.xml'];
    const piped = await xmlpool(...args, '--format', 'ndjson');
    expect(piped.code).toBe(0);
    const [result] = lines(piped.stdout);
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ code: 'row-tag-unmatched', message: expect.stringContaining('<recrod>') }],
    });
    const { screen } = await onTerminal(...args);
    expect(screen).toMatch(/^big\.xml: warning: no <recrod> element .*\[row-tag-unmatched\]$/m);
  });

  it('gives a stats CSV the statistics columns', async () => {
    const file = put('s.xml', '<r xmlns="urn:x"><i a="1">hi</i><i/></r>');
    const { code, stdout } = await xmlpool('run', '--task', 'stats', '--format', 'csv', file);
    expect(code).toBe(0);
    const [header, row] = stdout.split('\r\n');
    expect(header).toBe(
      'file,ok,bytes,elements,error_line,error_column,error_message,' +
        'attributes,text_bytes,max_depth,root,encoding,namespaces,distinct_paths,paths_truncated,namespaces_truncated',
    );
    expect(row?.split(',').slice(7)).toEqual([
      '1',
      '2',
      '2',
      'r',
      'UTF-8',
      'xmlns=urn:x',
      '2',
      'false',
      'false',
    ]);
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

describe('xmlpool run --task extract', () => {
  it('prints the inferred columns; passed back as --columns they give the same table', async () => {
    const books = Array.from(
      { length: 6 },
      (_, i) =>
        `  <book id="${i}">\n    <title>T, "${i}"</title>\n    <price currency="EUR">${i}.5</price>\n` +
        `    <tags>${'<tag>t</tag>'.repeat(1 + (i % 2))}</tags>\n  </book>\n`,
    ).join('');
    writeFileSync(join(dir, 'books.xml'), `<catalog>\n${books}</catalog>\n`);
    const printed = await xmlpool(
      'run',
      '--task',
      'extract',
      '--row-tag',
      'auto',
      '--print-columns',
      'books.xml',
    );
    expect(printed.code).toBe(0);
    const spec = printed.stdout.trim();
    expect(spec.split('\n')).toContain('price.@currency=price/@currency,');
    expect(spec).toContain('tags.tag=tags/tag:string[]');

    const inferred = await xmlpool(
      'run',
      '--task',
      'extract',
      '--row-tag',
      'book',
      '--table',
      'inferred.csv',
      'books.xml',
    );
    const given = await xmlpool(
      'run',
      '--task',
      'extract',
      '--row-tag',
      'book',
      '--columns',
      spec,
      '--table',
      'given.csv',
      'books.xml',
    );
    expect([inferred.code, given.code]).toEqual([0, 0]);
    const table = readFileSync(join(dir, 'given.csv'), 'utf8');
    expect(table).toBe(readFileSync(join(dir, 'inferred.csv'), 'utf8'));
    expect(table.split('\r\n')[0]).toBe('id,title,price,price.@currency,tags.tag');
    expect(table.split('\r\n')[2]).toBe('1,"T, ""1""",1.5,EUR,t|t');
  });
});
