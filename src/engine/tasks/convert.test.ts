import { mkdir, readdir, readFile, readlink, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import fc from 'fast-check';
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
  if (text === '') return [];
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
    // The root's attribute (its namespace declaration) first, then one line per book.
    expect(records.convert).toMatchObject({ format: 'ndjson', records: 201 });
    const document = JSON.parse(await readFile(whole.convert?.output ?? '', 'utf8')) as {
      catalog: { book: unknown[]; '@_xmlns:x': string };
    };
    const lines = await readLines(records.convert?.output ?? '');
    expect(lines).toEqual([
      { catalog: { '@_xmlns:x': document.catalog['@_xmlns:x'] } },
      ...document.catalog.book.map((book) => ({ book })),
    ]);
    expect(lines[4]).toMatchObject({ book: { publisher: "O'Reilly", '@_x:year': '2003' } });
  });

  it('fails the file with the disk’s own error when its NDJSON output fills the disk midway', async () => {
    // Over 1 MiB of records, so the output is written while the scan still runs.
    const file = await temp.write('full/catalog.xml', catalog(12_000));
    const options = jobOptions('convert', {
      convert: { ...DEFAULT_CONVERT_OPTIONS, wholeDocumentLimitBytes: 1000 },
    });
    // The output's name, from a run with room; then, elsewhere, that name leads to a full disk.
    const roomy = await convertFile(file, taskContext(options, outDir('roomy')));
    const output = join(outDir('no-room'), 'full', basename(roomy.convert?.output ?? ''));
    await mkdir(join(output, '..'), { recursive: true });
    await symlink('/dev/full', output);
    const result = await convertFile(file, taskContext(options, outDir('no-room')));
    expect(result.ok).toBe(false);
    expect(result.errors).toMatchObject([{ kind: 'output', line: null }]);
    expect(result.errors[0]?.message).toContain(`could not write ${output}: ENOSPC`);
    expect(await readlink(output)).toBe('/dev/full');
  });

  it('warns of a row tag that matches nothing under a root with children, converting them all', async () => {
    const file = await temp.write('typo.xml', '<r><row>1</row><row>2</row></r>');
    const ctx = taskContext(jobOptions('convert', { rowTag: 'rows' }), outDir('typo'));
    const result = await convertFile(file, ctx);
    expect(result).toMatchObject({ ok: true, convert: { records: 2 } });
    expect(result.warnings).toEqual([
      {
        code: 'row-tag-unmatched',
        message: expect.stringContaining('no <rows> element directly under the root <r>'),
      },
    ]);
    expect(await readLines(result.convert?.output ?? '')).toEqual([{ row: '1' }, { row: '2' }]);
    const matched = await convertFile(
      file,
      taskContext(jobOptions('convert', { rowTag: 'row' }), outDir('typo-fixed')),
    );
    expect(matched.warnings).toBeUndefined();
    // A root with no children at all is an empty export, not a mistake.
    const empty = await temp.write('empty.xml', '<r></r>');
    const none = await convertFile(
      empty,
      taskContext(jobOptions('convert', { rowTag: 'row' }), outDir('typo')),
    );
    expect(none).toMatchObject({ ok: true, convert: { format: 'ndjson', records: 0 } });
    expect(none.warnings).toBeUndefined();
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

  it('writes NDJSON for any file given a row tag, keeping the other elements too', async () => {
    const file = await temp.write(
      'mixed.xml',
      '<r><row>1</row><other/><row a="b"/>\n<row>3</row></r>',
    );
    const ctx = taskContext(jobOptions('convert', { rowTag: 'row' }), outDir('rowtag'));
    const result = await convertFile(file, ctx);
    expect(result.convert).toMatchObject({ format: 'ndjson', records: 4 });
    expect(await readLines(result.convert?.output ?? '')).toEqual([
      { row: '1' },
      { other: '' },
      { row: { '@_a': 'b' } },
      { row: '3' },
    ]);
  });

  it('converts UTF-16 and Latin-1 files, whole and as records', async () => {
    const xml =
      '<?xml version="1.0" encoding="ENC"?>\n<?pi ä?><r v="ö"><row a="é">ü</row>ø<row>ß</row></r>';
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
        '?pi': 'ä',
        r: { row: [{ '@_a': 'é', '#text': 'ü' }, 'ß'], '#text': 'ø', '@_v': 'ö' },
      });
      const options = jobOptions('convert', { rowTag: 'row' });
      const records = await convertFile(file, taskContext(options, outDir('enc-records')));
      expect(await readLines(records.convert?.output ?? '')).toEqual([
        { '?pi': 'ä' },
        { r: { '@_v': 'ö' } },
        { row: { '@_a': 'é', '#text': 'ü' } },
        { '#text': 'ø' },
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
    expect(split.convert).toMatchObject({ format: 'ndjson', records: 3001 });
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

/** Convert options that send every file to NDJSON, as `--json-limit-mb 0` does. */
const ndjsonOnly = (overrides: Partial<typeof DEFAULT_CONVERT_OPTIONS> = {}) =>
  jobOptions('convert', {
    convert: { ...DEFAULT_CONVERT_OPTIONS, wholeDocumentLimitBytes: 0, ...overrides },
  });

async function ndjsonLines(name: string, xml: string): Promise<unknown[]> {
  const file = await temp.write(`outside/${name}.xml`, xml);
  const result = await convertFile(file, taskContext(ndjsonOnly(), outDir(`outside-${name}`)));
  expect(result.errors).toEqual([]);
  expect(result.convert?.format).toBe('ndjson');
  const lines = await readLines(result.convert?.output ?? '');
  expect(result.convert?.records).toBe(lines.length);
  return lines;
}

/**
 * The whole-document JSON put back together from NDJSON lines: the root line's attributes, the
 * records grouped by name, and the text lines joined (fast-xml-parser joins the root's text
 * pieces, trimmed, the same way).
 */
function assemble(lines: unknown[], rootName: string, rootLine: boolean): unknown {
  const groups = new Map<string, unknown[]>();
  let attributes: object = {};
  let text = '';
  for (const [i, line] of lines.entries()) {
    const [entry, ...rest] = Object.entries(line as object);
    if (!entry || rest.length > 0) throw new Error(`not one member: ${JSON.stringify(line)}`);
    const [key, value] = entry;
    if (i === 0 && rootLine) attributes = value as object;
    else if (key === '#text') text += String(value);
    else groups.set(key, [...(groups.get(key) ?? []), value]);
  }
  const root: Record<string, unknown> = {};
  for (const [key, values] of groups) root[key] = values.length === 1 ? values[0] : values;
  if (text !== '') root['#text'] = text;
  Object.assign(root, attributes);
  const keys = Object.keys(root);
  const value = keys.length === 0 ? '' : keys.length === 1 && text !== '' ? text : root;
  return { [rootName]: value };
}

describe('NDJSON keeps what lies outside the records', () => {
  it('keeps the root’s attributes and the text between records, in document order', async () => {
    // The reproduction of issue 10: only the two records came out.
    const lines = await ndjsonLines('mixed', '<root a="top">lead<r>1</r>mid<s x="1"/>tail</root>');
    expect(lines).toEqual([
      { root: { '@_a': 'top' } },
      { '#text': 'lead' },
      { r: '1' },
      { '#text': 'mid' },
      { s: { '@_x': '1' } },
      { '#text': 'tail' },
    ]);
  });

  it('keeps the text of a root that holds nothing else (once an empty file, records: 0)', async () => {
    const lorem = 'lorem ipsum dolor sit amet '.repeat(400).trim();
    expect(await ndjsonLines('text-only', `<a>${lorem}</a>`)).toEqual([{ '#text': lorem }]);
    expect(await ndjsonLines('empty', '<a/>')).toEqual([]);
    expect(await ndjsonLines('attributes-only', '<a n="1" xmlns:x="urn:x"/>')).toEqual([
      { a: { '@_n': '1', '@_xmlns:x': 'urn:x' } },
    ]);
  });

  it('keeps processing instructions before, in and after the root, and their data', async () => {
    const xml =
      '<?xml version="1.0"?>\n<?xml-stylesheet href="a.css"?>\n<!-- a comment -->\n' +
      '<!DOCTYPE r [<!ENTITY e "ent &amp; text"><!ENTITY m "<x>1</x><z/>">]>\n' +
      '<r id="1">&e;<?in the root?><![CDATA[<raw>]]><a><?deep d?></a><!-- c -->\n</r>\n<?after x?>\n';
    expect(await ndjsonLines('instructions', xml)).toEqual([
      { '?xml-stylesheet': { '@_href': 'a.css' } },
      { r: { '@_id': '1' } },
      { '#text': 'ent & text' },
      { '?in': 'the root' },
      { '#text': '<raw>' },
      { a: { '?deep': 'd' } },
      { '?after': 'x' },
    ]);
  });

  it('converts elements that come from an entity reference in the root', async () => {
    // Once a crash: the scanner reports them with the reference's range.
    const xml = '<!DOCTYPE r [<!ENTITY m "<x>1</x><z/>">]><r>a&m;b<y/>&m;</r>';
    const lines = await ndjsonLines('entity-elements', xml);
    expect(lines).toEqual([
      { x: '1' },
      { z: '' },
      { '#text': 'ab' },
      { y: '' },
      { x: '1' },
      { z: '' },
    ]);
  });

  it('puts back together into the whole-document JSON (fast-check)', async () => {
    const piece = fc.constantFrom(
      '<a>1</a>',
      '<b k="v"/>',
      '<a><c>2</c><c>3</c></a>',
      'text',
      ' spaced ',
      '&amp;&lt;',
      '&e;',
      '<![CDATA[ cdata ]]>',
      '<!-- note -->',
      '<?pi some data?>',
      '<?ps k="v"?>',
      '\n  ',
    );
    const documents = fc
      .tuple(
        fc.constantFrom('', ' id="7"', ' xmlns:x="urn:x" n="1"'),
        fc.array(piece, { maxLength: 10 }),
      )
      .map(([attributes, pieces]) => ({
        xml: `<!DOCTYPE root [<!ENTITY e "entity">]>\n<root${attributes}>${pieces.join('')}</root>\n`,
        rootLine: attributes !== '',
      }));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(documents, async ({ xml, rootLine }) => {
        const name = `assembled-${n++}`;
        const file = await temp.write(`outside/${name}.xml`, xml);
        const whole = await convertFile(file, taskContext(jobOptions('convert'), outDir(name)));
        const expected = JSON.parse(await readFile(whole.convert?.output ?? '', 'utf8'));
        expect(assemble(await ndjsonLines(name, xml), 'root', rootLine)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('a split file gives the same bytes as one worker, for every worker count', async () => {
    const body = Array.from({ length: 8000 }, (_, i) =>
      i % 250 === 7
        ? `text ${i} &amp; more<?mark ${i}?><!-- c --><row id="${i}"/>\n`
        : `<row id="${i}"><v>${i}</v></row>\n`,
    ).join('');
    const xml = `<?xml version="1.0"?>\n<?top data?>\n<table version="2">lead\n${body}tail</table>\n<?end x?>\n`;
    const file = await temp.write('outside/split.xml', xml);
    const options = jobOptions('convert', { rowTag: 'row' });
    const sequential = await convertFile(file, taskContext(options, outDir('outside-seq')));
    const expected = await readFile(sequential.convert?.output ?? '', 'utf8');
    const lines = expected.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '{"?top":"data"}',
      '{"table":{"@_version":"2"}}',
      '{"#text":"lead"}',
    ]);
    expect(lines.at(-1)).toBe('{"?end":"x"}');
    for (const workers of [1, 2, 3]) {
      const plan = await planSplit(file, 'row', workers, options, SMALL_CHUNKS);
      expect(plan?.chunks.length).toBeGreaterThan(4);
      if (!plan) return;
      const ctx = taskContext(options, outDir(`outside-split-${workers}`));
      const split = await processSplitFile(file, plan, options, inProcessSubmit(ctx).submit);
      expect(split.convert?.records).toBe(sequential.convert?.records);
      expect(await readFile(split.convert?.output ?? '', 'utf8')).toBe(expected);
    }
  });

  it('a split file warns of an unmatched row tag as one worker does', async () => {
    const file = await temp.write(
      'outside/unmatched.xml',
      `<t>${Array.from({ length: 5000 }, (_, i) => `<row>${i}</row>`).join('\n')}</t>`,
    );
    // Misspelt: the plan still cuts chunks, but none finds a <rows> to start at, so the first
    // chunk converts the whole file, as one worker does.
    const options = jobOptions('convert', { rowTag: 'rows' });
    const sequential = await convertFile(file, taskContext(options, outDir('unmatched-seq')));
    const plan = await planSplit(file, 'rows', 2, options, SMALL_CHUNKS);
    if (!plan) throw new Error('expected a split plan');
    const ctx = taskContext(options, outDir('unmatched-split'));
    const split = await processSplitFile(file, plan, options, inProcessSubmit(ctx).submit);
    expect(sequential.warnings?.[0]?.code).toBe('row-tag-unmatched');
    expect(split.warnings).toEqual(sequential.warnings);
    expect(await readFile(split.convert?.output ?? '', 'utf8')).toBe(
      await readFile(sequential.convert?.output ?? '', 'utf8'),
    );
  });
});
