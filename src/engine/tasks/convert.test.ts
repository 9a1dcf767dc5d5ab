import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONVERT_OPTIONS } from '../../shared/tasks';
import { planSplit } from '../split/plan';
import { processSplitFile } from '../split/process-split-file';
import {
  inProcessSubmit,
  jobOptions,
  SMALL_CHUNKS,
  taskContext,
  tempDirForTests,
} from '../split/split-test-support';
import { convertFile } from './convert';

const temp = tempDirForTests();

function outDir(name: string): string {
  return join(temp.path, 'out', name);
}

async function readLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

const catalog = (count: number) =>
  `<?xml version="1.0"?>\n<!DOCTYPE catalog [<!ENTITY pub "O&apos;Reilly">]>\n<catalog xmlns:x="urn:x">\n${Array.from(
    { length: count },
    (_, i) =>
      `  <book id="b${i}" x:year="${2000 + (i % 20)}"><title>T ${i} é€</title><publisher>&pub;</publisher><price>${i}.5</price><![CDATA[<raw>]]></book>\n`,
  ).join('')}</catalog>\n`;

describe('convertFile', () => {
  it('writes one JSON document for a small file', async () => {
    const file = await temp.write('small/one.xml', '<a x="1"><b>2</b><b>three</b><c/></a>');
    const ctx = taskContext(jobOptions('convert'), outDir('whole'));
    const result = await convertFile(file, ctx);
    expect(result).toMatchObject({ ok: true, errors: [], convert: { format: 'json', records: 1 } });
    expect(result.convert?.output).toBe(join(outDir('whole'), 'small/one.json'));
    expect(JSON.parse(await readFile(join(outDir('whole'), 'small/one.json'), 'utf8'))).toEqual({
      a: { '@_x': '1', b: ['2', 'three'], c: '' },
    });
    // Only the output is left in the folder: no temp files.
    expect(await readdir(join(outDir('whole'), 'small'))).toEqual(['one.json']);
  });

  it('writes NDJSON records that equal the whole-document conversion', async () => {
    const file = await temp.write('catalog.xml', catalog(200));
    const whole = await convertFile(file, taskContext(jobOptions('convert'), outDir('cmp-whole')));
    const options = jobOptions('convert', {
      convert: { ...DEFAULT_CONVERT_OPTIONS, wholeDocumentLimitBytes: 1000 },
    });
    const records = await convertFile(file, taskContext(options, outDir('cmp-records')));
    expect(whole.convert?.format).toBe('json');
    expect(records.convert).toMatchObject({ format: 'ndjson', records: 200 });
    const document = JSON.parse(await readFile(whole.convert?.output ?? '', 'utf8')) as {
      catalog: { book: unknown[] };
    };
    const lines = await readLines(records.convert?.output ?? '');
    expect(lines).toEqual(document.catalog.book.map((book) => ({ book })));
    expect(lines[3]).toMatchObject({ book: { publisher: "O'Reilly", '@_x:year': '2003' } });
  });

  it('fails a row tag that matches nothing under a root with children, writing no output', async () => {
    const file = await temp.write('typo.xml', '<r><row>1</row><row>2</row></r>');
    const ctx = taskContext(jobOptions('convert', { rowTag: 'rows' }), outDir('typo'));
    const result = await convertFile(file, ctx);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ kind: 'output' });
    expect(result.errors[0]?.message).toContain('no <rows> element directly under the root <r>');
    await expect(readdir(outDir('typo'))).resolves.toEqual([]);
    // A root with no children at all is an empty export, not a mistake.
    const empty = await temp.write('empty.xml', '<r></r>');
    const none = await convertFile(
      empty,
      taskContext(jobOptions('convert', { rowTag: 'row' }), outDir('typo')),
    );
    expect(none).toMatchObject({ ok: true, convert: { format: 'ndjson', records: 0 } });
  });

  it('writes records fast-xml-parser renames (toString) under its key, as whole documents', async () => {
    const xml = '<r><toString>1</toString><valueOf><x>2</x></valueOf><a>3</a></r>';
    const file = await temp.write('renamed.xml', xml);
    const records = await convertFile(
      file,
      taskContext(jobOptions('convert', { rowTag: 'auto' }), outDir('renamed-records')),
    );
    expect(await readLines(records.convert?.output ?? '')).toEqual([
      { __toString: '1' },
      { __valueOf: { x: '2' } },
      { a: '3' },
    ]);
    const whole = await convertFile(file, taskContext(jobOptions('convert'), outDir('renamed')));
    expect(JSON.parse(await readFile(whole.convert?.output ?? '', 'utf8'))).toEqual({
      r: { __toString: '1', __valueOf: { x: '2' }, a: '3' },
    });
  });

  it('writes NDJSON for any file given a row tag, only those rows', async () => {
    const file = await temp.write(
      'mixed.xml',
      '<r><row>1</row><other/><row a="b"/>\n<row>3</row></r>',
    );
    const ctx = taskContext(jobOptions('convert', { rowTag: 'row' }), outDir('rowtag'));
    const result = await convertFile(file, ctx);
    expect(result.convert).toMatchObject({ format: 'ndjson', records: 3 });
    expect(await readLines(result.convert?.output ?? '')).toEqual([
      { row: '1' },
      { row: { '@_a': 'b' } },
      { row: '3' },
    ]);
  });

  it('converts UTF-16 and Latin-1 files, whole and as records', async () => {
    const xml = '<?xml version="1.0" encoding="ENC"?>\n<r><row a="é">ü</row><row>ß</row></r>';
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(xml.replace('ENC', 'UTF-16'), 'utf16le'),
    ]);
    const latin1 = Buffer.from(xml.replace('ENC', 'ISO-8859-1'), 'latin1');
    for (const [name, bytes] of [
      ['utf16.xml', utf16],
      ['latin1.xml', latin1],
    ] as const) {
      const file = await temp.write(`enc/${name}`, bytes);
      const whole = await convertFile(
        file,
        taskContext(jobOptions('convert'), outDir('enc-whole')),
      );
      expect(JSON.parse(await readFile(whole.convert?.output ?? '', 'utf8'))).toEqual({
        r: { row: [{ '@_a': 'é', '#text': 'ü' }, 'ß'] },
      });
      const options = jobOptions('convert', { rowTag: 'row' });
      const records = await convertFile(file, taskContext(options, outDir('enc-records')));
      expect(await readLines(records.convert?.output ?? '')).toEqual([
        { row: { '@_a': 'é', '#text': 'ü' } },
        { row: 'ß' },
      ]);
    }
  });

  it('applies the convert options', async () => {
    const file = await temp.write(
      'opts.xml',
      '<r><i n="5" ok="true">x<k>007</k><k>2.5</k></i></r>',
    );
    const options = jobOptions('convert', {
      convert: {
        attributePrefix: 'attr_',
        textNodeName: 'text',
        alwaysArray: ['r.i'],
        parseNumbers: true,
        parseBooleans: true,
        wholeDocumentLimitBytes: DEFAULT_CONVERT_OPTIONS.wholeDocumentLimitBytes,
      },
    });
    const result = await convertFile(file, taskContext(options, outDir('opts')));
    expect(JSON.parse(await readFile(result.convert?.output ?? '', 'utf8'))).toEqual({
      r: { i: [{ attr_n: 5, attr_ok: true, text: 'x', k: ['007', 2.5] }] },
    });
  });

  it('fails a file that is not well-formed with the scanner’s position, writing nothing', async () => {
    const file = await temp.write('bad.xml', '<a>\n  <b></c>\n</a>');
    for (const rowTag of [null, 'b']) {
      const dir = outDir(`bad-${rowTag}`);
      const result = await convertFile(file, taskContext(jobOptions('convert', { rowTag }), dir));
      expect(result.ok).toBe(false);
      expect(result.errors[0]).toMatchObject({ kind: 'syntax', line: 2, column: 6 });
      expect(result.convert).toBeUndefined();
      expect(await readdir(dir).catch(() => [])).toEqual([]);
    }
  });

  it('a split convert joins the chunks’ parts into the same NDJSON as one worker', async () => {
    const file = await temp.write('big-catalog.xml', catalog(3000));
    const options = jobOptions('convert', { rowTag: 'book' });
    const sequential = await convertFile(file, taskContext(options, outDir('seq')));
    const ctx = taskContext(options, outDir('split'));
    const plan = await planSplit(file, 'book', 2, options, SMALL_CHUNKS);
    expect(plan?.chunks.length).toBeGreaterThan(8);
    if (!plan) return;
    const split = await processSplitFile(file, plan, options, inProcessSubmit(ctx).submit);
    expect(split.convert).toMatchObject({ format: 'ndjson', records: 3000 });
    expect(split.convert?.output).toBe(join(outDir('split'), 'big-catalog.ndjson'));
    expect(await readFile(split.convert?.output ?? '', 'utf8')).toBe(
      await readFile(sequential.convert?.output ?? '', 'utf8'),
    );
    // Parts were joined and removed.
    expect(await readdir(outDir('split'))).toEqual(['big-catalog.ndjson']);
  });

  it('a split convert with a detected row tag equals the unsplit `auto` convert', async () => {
    const file = await temp.write('auto-catalog.xml', catalog(3000));
    const options = jobOptions('convert', { rowTag: 'auto' });
    const sequential = await convertFile(file, taskContext(options, outDir('auto-seq')));
    const plan = await planSplit(file, 'auto', 2, options, SMALL_CHUNKS);
    expect(plan).toMatchObject({ rowTag: 'book', detected: true });
    if (!plan) return;
    const ctx = taskContext(options, outDir('auto-split'));
    const split = await processSplitFile(file, plan, options, inProcessSubmit(ctx).submit);
    expect(split.convert?.records).toBe(sequential.convert?.records);
    expect(await readFile(split.convert?.output ?? '', 'utf8')).toBe(
      await readFile(sequential.convert?.output ?? '', 'utf8'),
    );
  });
});
