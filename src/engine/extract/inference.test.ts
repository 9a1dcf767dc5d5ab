/**
 * Column inference on real files: dotted names, lists for repeated elements, the narrowest type
 * that fits every sampled value, the stated sample size, and stability: the same records give
 * the same columns however they are indented, and the printed spec reads back to those columns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatColumnSpec, parseColumnSpec, type ValueType } from '../../shared/column-spec';
import { DEFAULT_JOB_OPTIONS, DEFAULT_SCAN_LIMITS } from '../../shared/tasks';
import { ExtractSetupError, inferColumns, previewRows, resolveExtractOptions } from './inference';
import { INFERENCE_SAMPLE_BYTES } from './sample';

const dir = mkdtempSync(join(tmpdir(), 'xmlpool-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function write(xml: string): string {
  const path = join(dir, `doc-${files++}.xml`);
  writeFileSync(path, xml);
  return path;
}

const infer = (paths: string[], rowTag = 'auto') =>
  inferColumns(paths, rowTag, [], DEFAULT_SCAN_LIMITS);

describe('inferColumns', () => {
  it('names columns by dotted path and makes repeated elements lists', async () => {
    const file = write(
      '<catalog>' +
        '<book id="1"><title>A</title><price currency="EUR">12.50</price>' +
        '<tags><tag>x</tag><tag>y</tag></tags><author><name>Ann</name></author></book>' +
        '<book id="2"><title>B</title><price currency="USD">7</price>' +
        '<tags><tag>z</tag></tags></book>' +
        '</catalog>',
    );
    const inferred = await infer([file]);
    expect(inferred.rowTag).toBe('book');
    expect(inferred.columns).toEqual([
      { name: 'id', path: '@id', type: 'int', list: false },
      { name: 'title', path: 'title', type: 'string', list: false },
      { name: 'price', path: 'price', type: 'number', list: false },
      { name: 'price.@currency', path: 'price/@currency', type: 'string', list: false },
      // Two <tag>s in the first record: a list, though the second has one.
      { name: 'tags.tag', path: 'tags/tag', type: 'string', list: true },
      { name: 'author.name', path: 'author/name', type: 'string', list: false },
    ]);
    expect(inferred.sample).toEqual({ bytes: expect.any(Number), records: 2, files: 1 });
  });

  it('keeps a record attribute that clashes with an element as @name; mixed content as text()', async () => {
    const file = write('<r><rec id="1"><id>a</id><note>see <b>this</b> now</note></rec></r>');
    const { columns } = await infer([file], 'rec');
    expect(columns.map((column) => [column.name, column.path])).toEqual([
      ['@id', '@id'],
      ['id', 'id'],
      ['note.text()', 'note/text()'],
      ['note.b', 'note/b'],
    ]);
  });

  // Each sample set is all of one type, so the expected type is known by construction.
  const SAMPLES: [ValueType, string[]][] = [
    ['int', ['1', '-20', '+7', '0', '9223372036854775807']],
    ['number', ['1', '2.5', '-3e2', '.5', '0.125', '10.50', '12345678901234.5']],
    ['bool', ['true', 'FALSE', '1', '0']],
    ['date', ['2024-02-29', '1999-12-31']],
    ['datetime', ['2024-02-29T10:00:00Z', '2024-03-01 12:30', '2024-03-01T12:30:00.250+02:00']],
    // A leading zero (a postcode), or past int64 and a double's 15 digits: string, so no digit
    // is lost. Not a calendar date, a date among datetimes: string.
    ['string', ['01234', '12345']],
    ['string', ['+007']],
    ['string', ['9223372036854775808']],
    ['string', ['123456789012345.5']],
    ['string', ['2023-02-29']],
    ['string', ['2024-01-01', '2024-01-01T00:00Z']],
    ['string', ['1', 'one']],
  ];

  it.each(SAMPLES)(
    'infers %s for %j, the narrowest type every value fits',
    async (type, values) => {
      // Empty values and surrounding white space never widen a type.
      const records = [...values, '', '  '].map((v) => `<rec><v> ${v}\n</v></rec>`).join('');
      const { columns } = await infer([write(`<r>${records}</r>`)], 'rec');
      expect(columns).toEqual([{ name: 'v', path: 'v', type, list: false }]);
    },
  );

  it('samples only the first 4 MiB of the inputs, as stated', async () => {
    // Enough filler records to pass the budget; a record after it has a column of its own.
    const filler = '<rec><a>1</a></rec>\n';
    const count = Math.ceil(INFERENCE_SAMPLE_BYTES / filler.length) + 10;
    const first = write(`<r>\n${filler.repeat(count)}<rec><late>x</late></rec>\n</r>\n`);
    const second = write('<r><rec><other>y</other></rec></r>');
    const inferred = await infer([first, second], 'rec');
    expect(inferred.columns.map((column) => column.name)).toEqual(['a']);
    expect(inferred.sample.bytes).toBe(INFERENCE_SAMPLE_BYTES);
    expect(inferred.sample.files).toBe(1);
  });

  it('reads the next inputs while the budget lasts, in input order', async () => {
    const first = write('<r><rec><a>1</a></rec></r>');
    const second = write('<r><rec><b>2024-01-01</b><a>x</a></rec></r>');
    const { columns, sample } = await infer([first, second], 'rec');
    expect(columns).toEqual([
      { name: 'a', path: 'a', type: 'string', list: false },
      { name: 'b', path: 'b', type: 'date', list: false },
    ]);
    expect(sample.files).toBe(2);
  });

  it('with --ns, makes one column of a mapped namespace, whatever prefix the records use', async () => {
    const file = write(`<b:books xmlns:b="urn:books">
  <b:book isbn="1"><b:title>A</b:title><b:price>1.5</b:price></b:book>
  <book xmlns="urn:books" isbn="2"><title>B</title><price>2</price></book>
  <c:book xmlns:c="urn:books" isbn="3" c:lang="en"><c:title>C</c:title><c:price>3</c:price></c:book>
  <b:book isbn="4" xmlns:o="urn:other"><o:title>D</o:title></b:book>
</b:books>`);
    const bindings = [{ prefix: 'b', uri: 'urn:books' }];
    const { columns } = await inferColumns([file], 'b:book', bindings, DEFAULT_SCAN_LIMITS);
    expect(columns.map((column) => `${column.name}=${column.path}:${column.type}`)).toEqual([
      'isbn=@isbn:int',
      'b:title=b:title:string',
      'b:price=b:price:number',
      'b:lang=@b:lang:string',
      'o:title=o:title:string',
    ]);
    // An element whose local name is a type's keeps its type written out, so it reads back.
    const typeNamed = [
      { name: 'p:int', path: 'p:int', type: 'string', list: false },
      { name: 'q', path: 'a/q:date', type: 'string', list: true },
      { name: 'r', path: '@r:bool', type: 'int', list: false },
    ] as const;
    expect(formatColumnSpec(typeNamed)).toBe(
      'p:int=p:int:string,\nq=a/q:date:string[],\nr=@r:bool:int',
    );
    expect(parseColumnSpec(formatColumnSpec(typeNamed))).toEqual(typeNamed);
    // The printed spec, passed back, puts every record's title in the one column.
    const preview = await previewRows(
      [file],
      'b:book',
      {
        ...DEFAULT_JOB_OPTIONS.extract,
        columns: parseColumnSpec(formatColumnSpec(columns)),
        namespaces: bindings,
      },
      DEFAULT_SCAN_LIMITS,
      10,
    );
    expect(preview.rows).toEqual([
      ['1', 'A', '1.5', '', ''],
      ['2', 'B', '2', '', ''],
      ['3', 'C', '3', 'en', ''],
      ['4', '', '', '', 'D'],
    ]);
  });

  it('forgets the namespace declarations of an input that ended in an error', async () => {
    // The first input breaks off inside <r>, whose default namespace must not reach the second.
    const first = write('<r xmlns="urn:books"><rec><title>A</title></rec><oops');
    const second = write('<r><rec><title>B</title></rec></r>');
    const bindings = [{ prefix: 'b', uri: 'urn:books' }];
    const { columns } = await inferColumns([first, second], 'rec', bindings, DEFAULT_SCAN_LIMITS);
    expect(columns.map((column) => column.path)).toEqual(['b:title', 'title']);
  });

  it('auto: passes over empty and binary inputs to the first with records', async () => {
    const empty = write('');
    const binary = join(dir, 'binary.xml');
    writeFileSync(binary, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x89, 0x50, 0x4e, 0x47]));
    const books = write('<books><book id="1"><title>A</title></book></books>');
    const inferred = await infer([empty, binary, books]);
    expect(inferred.rowTag).toBe('book');
    expect(inferred.columns.map((column) => column.path)).toEqual(['@id', 'title']);
    // With --columns given, only the row tag is resolved: the same rule.
    const resolved = await resolveExtractOptions([empty, binary, books], {
      ...DEFAULT_JOB_OPTIONS,
      task: 'extract',
      workers: 1,
      rowTag: 'auto',
      extract: { ...DEFAULT_JOB_OPTIONS.extract, columns: parseColumnSpec('t=title') },
    });
    expect(resolved.options.rowTag).toBe('book');
    // No usable input at all: the first one's reason.
    await expect(infer([empty, binary])).rejects.toThrow(
      /^cannot detect the row tag in .*: the document is empty, nor in the next 1 input\(s\); give --row-tag NAME$/,
    );
  });

  it('types an element that is always empty as string: an empty sample proves nothing', async () => {
    const file = write('<r><rec n=""><e/><v>1</v></rec><rec><e></e><v/></rec></r>');
    const { columns } = await infer([file], 'rec');
    expect(columns.map((column) => `${column.path}:${column.type}`)).toEqual([
      '@n:string',
      'e:string',
      'v:int',
    ]);
  });

  it('says why when there is nothing to infer from', async () => {
    await expect(infer([write('<r><other/></r>')], 'rec')).rejects.toThrow(ExtractSetupError);
    await expect(infer([write('<r><other/></r>')], 'rec')).rejects.toThrow(/no <rec> element/);
    await expect(infer([write('<r><rec/><rec/></r>')], 'rec')).rejects.toThrow(
      /hold no attributes or text/,
    );
  });
});

describe('previewRows', () => {
  const extract = (columns: string) => ({
    ...DEFAULT_JOB_OPTIONS.extract,
    columns: parseColumnSpec(columns),
  });

  it('gives the first rows as the table cells, at most the limit', async () => {
    const records = Array.from({ length: 30 }, (_, i) => `<rec n="${i}"><t>x${i}</t></rec>`);
    const file = write(`<r>${records.join('')}</r>`);
    const preview = await previewRows(
      [file],
      'rec',
      extract('n=@n:int, t=t'),
      DEFAULT_SCAN_LIMITS,
      20,
    );
    expect(preview.columns).toEqual(['n', 't']);
    expect(preview.rows).toEqual(Array.from({ length: 20 }, (_, i) => [String(i), `x${i}`]));
  });

  it('passes over inputs with no record, as the job does, and goes on to the next', async () => {
    const empty = write('');
    const binary = write('\u0000\u0001binary');
    const broken = write('<r><rec n="0"><t>before the break</t></rec><rec');
    const good = write('<r><rec n="1"><t>a</t></rec><rec n="2"><t>b</t></rec></r>');
    const preview = await previewRows(
      [empty, binary, broken, good],
      'rec',
      extract('n=@n:int, t=t'),
      DEFAULT_SCAN_LIMITS,
      20,
    );
    expect(preview.rows).toEqual([
      ['0', 'before the break'],
      ['1', 'a'],
      ['2', 'b'],
    ]);
  });

  it('reads a bounded prefix of a huge first input', async () => {
    // Twenty records of 512 KiB: only those that end within the sample's 4 MiB can be rows, so
    // the preview's row count shows how far it read.
    const head = '<r>';
    const record = `<rec><t>${'a'.repeat(512 * 1024)}</t></rec>\n`;
    const file = write(`${head}${record.repeat(20)}</r>`);
    let within = 0;
    while (head.length + (within + 1) * record.length <= INFERENCE_SAMPLE_BYTES) within++;
    const preview = await previewRows([file], 'rec', extract('t=t'), DEFAULT_SCAN_LIMITS, 20);
    expect(within).toBeLessThan(20);
    expect(preview.rows).toHaveLength(within);
  });
});

// --- stability ----------------------------------------------------------------------------

interface Node {
  name: string;
  attrs: [string, string][];
  /** Text (a leaf) or child elements. */
  content: string | Node[];
}

const NAMES = ['a', 'b', 'c', 'p:d'];
const VALUES = ['1', '-2', '3.5', 'true', '2024-05-06', '2024-05-06T07:08:09Z', 'x y', '', '&amp;'];

const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.record({
    name: fc.constantFrom(...NAMES),
    attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('k', 'id', 'q:z'), fc.constantFrom(...VALUES)), {
      maxLength: 2,
      selector: ([name]) => name,
    }),
    content: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...VALUES),
      fc.array(tie('node'), { maxLength: 3 }),
    ),
  }),
})).node;

interface Rec {
  attrs: [string, string][];
  children: Node[];
}

const recordsArb: fc.Arbitrary<Rec[]> = fc.array(
  fc.record({
    attrs: fc.array(fc.tuple(fc.constantFrom('id', 'k'), fc.constantFrom(...VALUES)), {
      maxLength: 1,
    }),
    children: fc.array(node, { maxLength: 4 }),
  }),
  { minLength: 1, maxLength: 5 },
);

type Space = (depth: number) => string;

function serialize(n: Node, depth: number, space: Space): string {
  const attrs = n.attrs.map(([k, v]) => ` ${k}="${v}"`).join('');
  if (typeof n.content === 'string') return `<${n.name}${attrs}>${n.content}</${n.name}>`;
  const inner = n.content.map((c) => `${space(depth + 1)}${serialize(c, depth + 1, space)}`);
  return `<${n.name}${attrs}>${inner.join('')}${space(depth)}</${n.name}>`;
}

function documentText(records: Rec[], space: Space): string {
  const body = records
    .map((rec) => {
      const attrs = rec.attrs.map(([k, v]) => ` ${k}="${v}"`).join('');
      const children = rec.children.map((c) => `${space(2)}${serialize(c, 2, space)}`).join('');
      return `${space(1)}<rec${attrs}>${children}${space(1)}</rec>`;
    })
    .join('');
  return `<r xmlns:p="urn:p" xmlns:q="urn:q">${body}${space(0)}</r>`;
}

const compact: Space = () => '';
const pretty: Space = (depth) => `\n${'  '.repeat(depth)}`;

describe('inference stability', () => {
  it('gives the same columns however the records are indented, and every time', async () => {
    await fc.assert(
      fc.asyncProperty(
        recordsArb,
        fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n'), { minLength: 1, maxLength: 4 }),
        async (records, blanks) => {
          // White space that differs between every gap, as in hand-edited files.
          let gap = 0;
          const ragged: Space = () => blanks.slice(0, (gap++ % blanks.length) + 1).join('');
          const tight = documentText(records, compact);
          const outcomes = await Promise.all(
            [tight, documentText(records, pretty), documentText(records, ragged), tight].map(
              (xml) =>
                infer([write(xml)], 'rec').then(
                  (inferred) => inferred.columns,
                  (error: unknown) => (error instanceof Error ? error.message : String(error)),
                ),
            ),
          );
          for (const outcome of outcomes.slice(1)) expect(outcome).toEqual(outcomes[0]);
        },
      ),
      { numRuns: 60, seed: 1212 },
    );
  });

  it('prints a spec that reads back as the same columns (--print-columns → --columns)', async () => {
    await fc.assert(
      fc.asyncProperty(recordsArb, async (records) => {
        const inferred = await infer([write(documentText(records, pretty))], 'rec').catch(
          () => null,
        );
        if (inferred === null) return;
        expect(parseColumnSpec(formatColumnSpec(inferred.columns))).toEqual(inferred.columns);
      }),
      { numRuns: 60, seed: 4242 },
    );
  });
});
