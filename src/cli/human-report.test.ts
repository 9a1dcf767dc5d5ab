import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileResult } from '../shared/results';
import { humanReport, type RunFigures, summaryText } from './human-report';
import { sourceContext } from './source-line';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-human-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function result(file: string, patch: Partial<FileResult> = {}): FileResult {
  return {
    file,
    index: 0,
    task: 'validate',
    ok: true,
    bytes: 10,
    elements: 1,
    errorMode: 'first-fatal',
    errors: [],
    encoding: 'UTF-8',
    durationMs: 1,
    workerId: 1,
    attempts: 1,
    ...patch,
  };
}

const figures: RunFigures = {
  state: 'done',
  files: 3,
  ok: 2,
  failed: 1,
  cancelled: 0,
  bytes: 3_000_000,
  bytesDone: 3_000_000,
  elapsedMs: 1500,
};

async function text(pieces: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const piece of pieces) all += piece;
  return all;
}

async function* each(results: FileResult[]): AsyncGenerator<FileResult> {
  yield* results;
}

describe('the human report', () => {
  it('lists failures compiler-style, with the first one’s source line and a caret', async () => {
    const content = '<a>\n  <b></a>\n';
    writeFileSync(join(dir, 'bad.xml'), content);
    const offset = content.indexOf('</a>');
    const report = await text(
      humanReport(
        each([
          result(join(dir, 'ok.xml')),
          result(join(dir, 'bad.xml'), {
            ok: false,
            errors: [
              { kind: 'syntax', line: 2, column: 6, offset, message: '</a> does not close <b>' },
            ],
          }),
          result('/elsewhere/missing.xml', {
            ok: false,
            encoding: null,
            errors: [
              { kind: 'io', line: null, column: null, offset: null, message: 'no such file' },
            ],
          }),
        ]),
        figures,
        { cwd: dir, columns: 80 },
      ),
    );
    expect(report).toBe(
      'bad.xml:2:6: syntax error: </a> does not close <b>\n' +
        '      <b></a>\n' +
        '         ^\n' +
        '/elsewhere/missing.xml: io error: no such file\n' +
        '3 files: 2 ok, 1 failed; 3.0 MB in 1.5s, 2.0 MB/s\n',
    );
  });

  it('shows the source line without a caret when the error has no column', async () => {
    const content = '<catalog><record\n   id="1x"><name>a</name></record></catalog>\n';
    writeFileSync(join(dir, 'invalid.xml'), content);
    const report = await text(
      humanReport(
        each([
          result(join(dir, 'invalid.xml'), {
            ok: false,
            errorMode: 'all-validity',
            errors: [
              {
                kind: 'invalid',
                line: 2,
                column: null,
                offset: content.indexOf('\n') + 1,
                message: "'1x' is not a valid value of the atomic type 'xs:ID'",
              },
            ],
          }),
        ]),
        { ...figures, files: 1, ok: 0 },
        { cwd: dir, columns: 80 },
      ),
    );
    expect(report.split('\n').slice(0, 3)).toEqual([
      "invalid.xml:2: invalid error: '1x' is not a valid value of the atomic type 'xs:ID'",
      '       id="1x"><name>a</name></record></catalog>',
      '1 file: 0 ok, 1 failed; 3.0 MB in 1.5s, 2.0 MB/s',
    ]);
  });

  it('shows warnings and leaves cancelled files to the summary', async () => {
    const report = await text(
      humanReport(
        each([
          result(join(dir, 'big.xml'), {
            warnings: [{ code: 'row-tag-unmatched', message: 'no <recrod> element' }],
          }),
          result(join(dir, 'later.xml'), {
            ok: false,
            errors: [{ kind: 'cancelled', line: null, column: null, offset: null, message: 'x' }],
          }),
        ]),
        { ...figures, files: 2, ok: 1, failed: 0, cancelled: 1, state: 'cancelled' },
        { cwd: dir, columns: 80 },
      ),
    );
    expect(report.split('\n')[0]).toBe('big.xml: warning: no <recrod> element [row-tag-unmatched]');
    expect(report).not.toContain('later.xml');
  });

  it('escapes control characters in names and messages', async () => {
    const report = await text(
      humanReport(
        each([
          result(join(dir, 'a\x1b]0;x\x07.xml'), {
            ok: false,
            encoding: null,
            errors: [{ kind: 'io', line: null, column: null, offset: null, message: 'bad\nline' }],
          }),
        ]),
        figures,
        { cwd: dir, columns: 80 },
      ),
    );
    expect(report.split('\n')[0]).toBe('a\\x1b]0;x\\x07.xml: io error: bad\\nline');
  });
});

describe('the source line', () => {
  it('keeps the error in view on a very long line, and the caret under it', async () => {
    const path = join(dir, 'one-line.xml');
    const content = `<r>${'<i>ü</i>'.repeat(5000)}<oops</r>`;
    writeFileSync(path, content);
    const offset = Buffer.byteLength(content.slice(0, content.indexOf('<oops')));
    const context = await sourceContext(path, offset, 60);
    expect(context).not.toBeNull();
    if (!context) return;
    expect(context.line.length).toBeLessThanOrEqual(60);
    expect(context.line.startsWith('…')).toBe(true);
    expect(context.line.slice(context.caret.length - 1)).toMatch(/^<oops<\/r>/);
  });

  it('escapes a tab before the error and moves the caret with it', async () => {
    const path = join(dir, 'tab.xml');
    writeFileSync(path, '<a>\n\t<b></a>');
    const context = await sourceContext(path, 8, 80);
    expect(context).toEqual({ line: '\\t<b></a>', caret: '     ^' });
  });
  it.each([
    ['an astral character', '𝄞', 1],
    ['CJK, two columns each', '中文', 4],
    ['a combining accent', 'e\u0301', 1],
    ['a fullwidth letter and an emoji', 'Ａ😀', 4],
  ])('puts the caret under the error after %s', async (_, text, columns) => {
    const path = join(dir, 'wide.xml');
    const line = `<a>${text}<b></c></a>`;
    writeFileSync(path, `<r>\n${line}</r>`);
    const offset = Buffer.byteLength(`<r>\n<a>${text}<b>`);
    const context = await sourceContext(path, offset, 80);
    expect(context).toEqual({ line: `${line}</r>`, caret: `${' '.repeat(3 + columns + 3)}^` });
  });
});

describe('the summary line', () => {
  it('says 1 file, not 1 files', () => {
    expect(summaryText({ ...figures, files: 1, ok: 1, failed: 0 })).toMatch(/^1 file: 1 ok/);
  });

  it('reports the bytes actually done after a cancel, and the rate from them', () => {
    const line = summaryText({
      ...figures,
      state: 'cancelled',
      files: 10,
      ok: 1,
      failed: 0,
      cancelled: 9,
      bytes: 399_000_000,
      bytesDone: 16_000_000,
      elapsedMs: 2000,
    });
    expect(line).toBe(
      'cancelled: 10 files: 1 ok, 0 failed, 9 cancelled; 16.0 MB of 399 MB in 2.0s, 8.0 MB/s\n',
    );
  });

  it('adds the table an extract job wrote, and nothing for one it could not write', () => {
    const table = { path: '/work/out/t.parquet', format: 'parquet' as const, rows: 660_600 };
    expect(summaryText({ ...figures, table: { ...table, error: null } }, '/work')).toBe(
      '3 files: 2 ok, 1 failed; 3.0 MB in 1.5s, 2.0 MB/s\ntable: 660,600 rows in out/t.parquet\n',
    );
    expect(summaryText({ ...figures, table: { ...table, rows: 1, error: null } }, '/else')).toMatch(
      /\ntable: 1 row in \/work\/out\/t\.parquet\n$/,
    );
    expect(summaryText({ ...figures, table: { ...table, error: 'disk full' } }, '/work')).toBe(
      '3 files: 2 ok, 1 failed; 3.0 MB in 1.5s, 2.0 MB/s\n',
    );
  });
});
