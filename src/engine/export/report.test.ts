import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { writeReport } from './report';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-report-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ok: FileResult = {
  file: '/data/plain.xml',
  index: 0,
  task: 'validate',
  ok: true,
  bytes: 120,
  elements: 7,
  errorMode: 'first-fatal',
  errors: [],
  encoding: 'UTF-8',
  durationMs: 2,
  workerId: 1,
  attempts: 1,
};

const awkward: FileResult = {
  ...ok,
  file: '/data/a, "quoted"\nname.xml',
  index: 1,
  ok: false,
  elements: 3,
  errors: [
    {
      kind: 'syntax',
      line: 12,
      column: 3,
      offset: 345,
      message: '</itme> does not close <item> opened at 12:3, "really"',
    },
  ],
};

async function* results(): AsyncGenerator<FileResult> {
  yield ok;
  yield awkward;
}

describe('writeReport', () => {
  it('writes CSV with RFC 4180 quoting and the first error per file', async () => {
    const path = join(dir, 'report.csv');
    await writeReport(results(), 'csv', path);
    expect(readFileSync(path, 'utf8')).toBe(
      'file,ok,bytes,elements,error_line,error_column,error_message\r\n' +
        '/data/plain.xml,true,120,7,,,\r\n' +
        '"/data/a, ""quoted""\nname.xml",false,120,3,12,3,' +
        '"</itme> does not close <item> opened at 12:3, ""really"""\r\n',
    );
  });

  it('guards formula-like text cells in a CSV report, and keeps its numbers numbers', async () => {
    const path = join(dir, 'report.csv');
    const hostile: FileResult = {
      ...awkward,
      file: '=HYPERLINK("http://evil.example")',
      errors: [{ kind: 'io', line: null, column: null, offset: null, message: '@SUM(A1)' }],
    };
    async function* one(): AsyncGenerator<FileResult> {
      yield hostile;
    }
    await writeReport(one(), 'csv', path);
    expect(readFileSync(path, 'utf8').split('\r\n')[1]).toBe(
      `"'=HYPERLINK(""http://evil.example"")",false,120,3,,,'@SUM(A1)`,
    );
  });

  it('writes csv-errors with one row per error, and one row for a file without', async () => {
    const invalid: FileResult = {
      ...ok,
      file: '/data/inv.xml',
      index: 2,
      ok: false,
      errorMode: 'all-validity',
      errors: [
        {
          kind: 'invalid',
          line: 4,
          column: 5,
          offset: 60,
          path: '/a/n[2]',
          message: "Element 'n': 'x' is not a valid value of the atomic type 'xs:int'.",
        },
        {
          kind: 'invalid',
          line: 9,
          column: null,
          offset: 99,
          message: "Element 'm': 'y' is not a valid value of the atomic type 'xs:int'.",
        },
      ],
    };
    const path = join(dir, 'errors.csv');
    await writeReport(
      (async function* () {
        yield ok;
        yield invalid;
      })(),
      'csv-errors',
      path,
    );
    expect(readFileSync(path, 'utf8')).toBe(
      'file,ok,kind,line,column,path,message,group\r\n' +
        '/data/plain.xml,true,,,,,,\r\n' +
        `/data/inv.xml,false,invalid,4,5,/a/n[2],Element 'n': 'x' is not a valid value of the atomic type 'xs:int'.,Element 'n': '…' is not a valid value of the atomic type 'xs:int'.\r\n` +
        `/data/inv.xml,false,invalid,9,,,Element 'm': 'y' is not a valid value of the atomic type 'xs:int'.,Element 'm': '…' is not a valid value of the atomic type 'xs:int'.\r\n`,
    );
  });

  it('starts CSV with a UTF-8 BOM only when asked', async () => {
    const path = join(dir, 'report.csv');
    await writeReport(results(), 'csv', path, { bom: true });
    expect([...readFileSync(path).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    await writeReport(results(), 'csv', path);
    expect(readFileSync(path, 'utf8').startsWith('file,')).toBe(true);
  });

  it('writes JSON as an array and NDJSON as one result per line', async () => {
    const json = join(dir, 'report.json');
    await writeReport(results(), 'json', json);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual([ok, awkward]);
    const ndjson = join(dir, 'report.ndjson');
    await writeReport(results(), 'ndjson', ndjson);
    const lines = readFileSync(ndjson, 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([ok, awkward]);
  });

  it('writes an empty JSON array for no results', async () => {
    const json = join(dir, 'empty.json');
    await writeReport((async function* () {})(), 'json', json);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual([]);
  });
});

describe('CSV columns by task', () => {
  const stats: FileResult = {
    ...ok,
    task: 'stats',
    stats: {
      elements: 7,
      attributes: 4,
      textBytes: 33,
      maxDepth: 3,
      root: 'catalog',
      encoding: 'UTF-8',
      namespaces: [
        { prefix: '', uri: 'urn:a' },
        { prefix: 'x', uri: 'urn:b' },
      ],
      paths: [
        { path: '/catalog', count: 1 },
        { path: '/catalog/book', count: 6 },
      ],
      pathsTruncated: false,
      namespacesTruncated: false,
    },
  };

  async function csvOf(rows: FileResult[], task?: FileResult['task']): Promise<string> {
    const path = join(dir, 'report.csv');
    await writeReport(
      (async function* () {
        yield* rows;
      })(),
      'csv',
      path,
      task ? { task } : {},
    );
    return readFileSync(path, 'utf8');
  }

  it('adds the statistics after the shared columns; a file without them leaves them empty', async () => {
    const failed: FileResult = { ...awkward, task: 'stats' };
    expect(await csvOf([stats, failed], 'stats')).toBe(
      'file,ok,bytes,elements,error_line,error_column,error_message,' +
        'attributes,text_bytes,max_depth,root,encoding,namespaces,distinct_paths,paths_truncated,namespaces_truncated\r\n' +
        '/data/plain.xml,true,120,7,,,,4,33,3,catalog,UTF-8,xmlns=urn:a xmlns:x=urn:b,2,false,false\r\n' +
        '"/data/a, ""quoted""\nname.xml",false,120,3,12,3,' +
        '"</itme> does not close <item> opened at 12:3, ""really""",,,,,,,,,\r\n',
    );
  });

  it('adds the output, its format and records for convert', async () => {
    const converted: FileResult = {
      ...ok,
      task: 'convert',
      convert: { output: '/out/plain.json', format: 'json', records: 1 },
    };
    expect(await csvOf([converted])).toBe(
      'file,ok,bytes,elements,error_line,error_column,error_message,output,output_format,records\r\n' +
        '/data/plain.xml,true,120,7,,,,/out/plain.json,json,1\r\n',
    );
  });

  it('keeps the header of the job’s task when there are no results', async () => {
    expect(await csvOf([], 'convert')).toBe(
      'file,ok,bytes,elements,error_line,error_column,error_message,output,output_format,records\r\n',
    );
    expect(await csvOf([])).toBe(
      'file,ok,bytes,elements,error_line,error_column,error_message\r\n',
    );
  });
});
