/**
 * The fast path must write, byte for byte, what fast-xml-parser's path writes (convertFile with
 * `fastPath` false is that reference), for every convert option, as one document, as NDJSON
 * records and as a split file; and it must cover most documents, not refuse its way to equality.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConvertOptions, DEFAULT_CONVERT_OPTIONS } from '../../../shared/tasks';
import { planSplit } from '../../split/plan';
import { processSplitFile } from '../../split/process-split-file';
import { readRootContext } from '../../split/scanner-port';
import {
  inProcessSubmit,
  jobOptions,
  SMALL_CHUNKS,
  taskContext,
  tempDirForTests,
} from '../../split/split-test-support';
import { convertFile, convertStreamed, wholeFileScan } from '../../tasks/convert';
import type { FileRef } from '../../tasks/types';
import { documentFromEvents } from './convert-from-events';
import { fastPathRefusal } from './fast-path-scope';

const temp = tempDirForTests();
let files = 0;

const names = fc.constantFrom('a', 'b', 'x:c', 'é', 'item');
const attributeList = fc
  .subarray(
    [
      ' id="7"',
      ' x:n="false"',
      " lang=' en '",
      ' v="a&amp;b &lt;c&gt;"',
      ' w="1.50"',
      ' t="true"',
      ' e=""',
      ' nl="a\r\n b\tc"',
      ' q="say &quot;hi&quot;"',
    ],
    { maxLength: 3 },
  )
  .map((list) => list.join(''));
const textPiece = fc.constantFrom(
  'text',
  ' spaced  out ',
  '42',
  ' -3.5 ',
  '007',
  'true',
  'false',
  '&amp;&lt;',
  '&amp;lt;',
  '&e;',
  '&#169;',
  'a&#10;b',
  '<![CDATA[<raw>]]>',
  '<![CDATA[]]>',
  '<![CDATA[ 7 ]]>',
  '<!-- note -->',
  '\n  ',
  '\r\n\t',
  '\u00a0nb\u00a0',
  'é€',
  '<?pi some data?>',
  '<?ps k="v" n=\'2\'?>',
  '<?pq a="1" a="2"?>',
  '<?pe?>',
);
/** Rare pieces the fast path leaves to fast-xml-parser (or must get right at a text's ends). */
const rarePiece = fc.constantFrom('&#32;', '&sp;', '&#160;x', '<?pv version="1.1"?>');

const element: fc.Memo<string> = fc.memo((depth) =>
  fc
    .tuple(
      names,
      attributeList,
      fc.array(
        depth <= 1
          ? fc.oneof({ weight: 80, arbitrary: textPiece }, { weight: 1, arbitrary: rarePiece })
          : fc.oneof(
              { weight: 40, arbitrary: textPiece },
              { weight: 40, arbitrary: element(depth - 1) },
              { weight: 1, arbitrary: rarePiece },
            ),
        { maxLength: 5 },
      ),
    )
    .map(([name, attributes, content]) =>
      content.length === 0
        ? `<${name}${attributes}/>`
        : `<${name}${attributes}>${content.join('')}</${name}>`,
    ),
);

const prolog = fc.constantFrom(
  '',
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  '\uFEFF<?xml version="1.0"?>\r\n<!-- head -->\n',
  '<?xml-stylesheet href="a.css" type="text/css"?>\n<?note kept as text ?>\n',
);
const rootAttributes = fc.constantFrom('', ' xmlns:x="urn:x"', ' xmlns:x="urn:x" n="3" k=" v "');
const gap = fc.constantFrom('', '\n  ', '\r\n', '<!-- c -->', '\n<!-- a -->\t');

function documentOf(
  declaration: string,
  attributes: string,
  children: readonly (readonly [string, string])[],
  content = '',
  epilogue = '',
): string {
  const doctype = '<!DOCTYPE root [<!ENTITY e "ent &amp; é"><!ENTITY sp " ">]>\n';
  const body = children.map(([g, c]) => g + c).join('');
  const xml = `${declaration}${doctype}<root${attributes}>${content}${body}\n</root>\n<!-- end -->${epilogue}\n`;
  // Without the namespace declared on the root, no prefixed names.
  return attributes === '' ? xml.replaceAll('x:', '') : xml;
}

/** Any document: text and instructions in the root too. */
const documents = fc
  .tuple(
    prolog,
    rootAttributes,
    fc.array(fc.tuple(gap, element(3)), { maxLength: 6 }),
    // Rarely text directly in the root, or an instruction after it: streamed, they are refused.
    fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: textPiece }),
    fc.oneof(
      { weight: 8, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constant('<?after x?>') },
    ),
  )
  .map(([declaration, attributes, children, content, epilogue]) =>
    documentOf(declaration, attributes, children, content, epilogue),
  );

/** Documents that are only records under the root, as NDJSON inputs usually are. */
const recordDocuments = fc
  .tuple(prolog, rootAttributes, fc.array(fc.tuple(gap, element(3)), { maxLength: 8 }))
  .map(([declaration, attributes, children]) => documentOf(declaration, attributes, children));

/** Every option; the common values weigh more, the ones the fast path refuses less. */
const convertOptions = fc.record({
  attributePrefix: fc.oneof(
    { weight: 3, arbitrary: fc.constant('@_') },
    { weight: 1, arbitrary: fc.constantFrom('', '$') },
  ),
  textNodeName: fc.oneof(
    { weight: 4, arbitrary: fc.constant('#text') },
    { weight: 2, arbitrary: fc.constantFrom('_', 'a', '0') },
  ),
  alwaysArray: fc.constantFrom<string[]>([], ['root.a'], ['root.b', 'root.a.a'], ['root']),
  parseNumbers: fc.boolean(),
  parseBooleans: fc.boolean(),
});

function contextFor(name: string, convert: Partial<ConvertOptions>) {
  const options = jobOptions('convert', { convert: { ...DEFAULT_CONVERT_OPTIONS, ...convert } });
  return taskContext(options, join(temp.path, 'out', name));
}

/**
 * Converts `xml` with and without the fast path; returns both outputs. `streamFrom` is the size
 * from which a JSON document is streamed child by child (0: always) on the fast path; the
 * reference is fast-xml-parser's whole-tree parse.
 */
async function bothWays(
  xml: string,
  convert: Partial<ConvertOptions>,
  streamFrom = Number.POSITIVE_INFINITY,
): Promise<{ fast: string; reference: string; file: FileRef }> {
  const n = files++;
  const file = await temp.write(`doc-${n}.xml`, xml);
  const outputs: string[] = [];
  for (const fastPath of [true, false]) {
    const ctx = contextFor(`${fastPath ? 'fast' : 'reference'}-${n}`, convert);
    const from = fastPath ? streamFrom : Number.POSITIVE_INFINITY;
    const result = await convertFile(file, ctx, from, fastPath);
    // fast-xml-parser refuses a few shapes (an element named like the text node): so must we.
    // (Its streamed path words the failure differently from its whole parse.)
    const failed = result.errors.length > 0;
    outputs.push(failed ? 'failed' : await readFile(result.convert?.output ?? '', 'utf8'));
  }
  const [fast = '', reference = ''] = outputs;
  return { fast, reference, file };
}

/** True when the fast path converted `file` as one document itself (whole, or streamed). */
async function fastPathTook(
  file: FileRef,
  convert: Partial<ConvertOptions>,
  stream = false,
): Promise<boolean> {
  const ctx = contextFor(`probe-${files++}`, convert);
  const head = await readRootContext(file.path, file.size, ctx.options.limits);
  const root = head.ok ? head.root : null;
  if (fastPathRefusal(ctx.options.convert, root) !== null || root === null) return false;
  const scan = wholeFileScan(file, ctx);
  if (stream) {
    const target = join(ctx.outputDir, 'probe.json');
    return (await convertStreamed(file, ctx, root, target, scan, true)) !== null;
  }
  return (await documentFromEvents(scan, ctx.options.convert)).unsupported === null;
}

describe('convert’s fast path', () => {
  it('writes the JSON document fast-xml-parser gives, byte for byte (fast-check)', async () => {
    const took = { whole: 0, streamed: 0 };
    const runs = { whole: 0, streamed: 0 };
    await fc.assert(
      fc.asyncProperty(documents, convertOptions, fc.boolean(), async (xml, convert, stream) => {
        // Streamed child by child of the root (as documents of 8 MiB and more are), or whole.
        const { fast, reference, file } = await bothWays(xml, convert, stream ? 0 : undefined);
        expect(fast).toBe(reference);
        const way = stream ? 'streamed' : 'whole';
        runs[way]++;
        if (await fastPathTook(file, convert, stream)) took[way]++;
      }),
      { numRuns: 300 },
    );
    // Equality must come from the fast path itself most of the time, not from its refusals.
    expect(took.whole / runs.whole).toBeGreaterThan(0.4);
    expect(took.streamed / runs.streamed).toBeGreaterThan(0.2);
  });

  it('writes the NDJSON records fast-xml-parser’s path gives, byte for byte (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(recordDocuments, convertOptions, async (xml, convert) => {
        const { fast, reference } = await bothWays(xml, { ...convert, wholeDocumentLimitBytes: 0 });
        expect(fast).toBe(reference);
      }),
      { numRuns: 150 },
    );
  });

  it('converts the common shapes itself', async () => {
    for (const xml of [
      '<r a="1"><b>2</b><b>three</b><c/></r>',
      '<r>t<b/> u <![CDATA[ v ]]>&amp;</r>',
      '<r xmlns:x="urn:x"><x:a x:k="&lt;v&gt;">1</x:a><!-- c --></r>',
      '<?xml-stylesheet href="a.css"?><r><a><?audit checked="1"?></a><?pi data?></r><?end?>',
    ]) {
      const file = await temp.write(`common-${files++}.xml`, xml);
      expect(await fastPathTook(file, {}), xml).toBe(true);
      const { fast, reference } = await bothWays(xml, {});
      expect(fast).toBe(reference);
    }
  });

  it('leaves to fast-xml-parser the shapes it does not cover, with the same output', async () => {
    const refused: [string, Partial<ConvertOptions>][] = [
      ['<r><?pi version="1.1"?><a/></r>', {}],
      [`<r><?pi a\r\nb?><a/></r>`, {}],
      ['<r><a><?pi?></a></r>', { alwaysArray: ['r.a.?pi'] }],
      ['<r><toString>1</toString></r>', {}],
      ['<r a="1"><a>2</a></r>', { attributePrefix: '' }],
      ['<r><a>2</a>t</r>', { textNodeName: 'a' }],
      ['<r a="&#65;"/>', {}],
      ['<r>&#32;x</r>', {}],
      ['<r>x &#10;</r>', {}],
      ['<!DOCTYPE r [<!ENTITY m "<b/>">]><r>&m;</r>', {}],
      ['<r><a/></r>', { textNodeName: '0' }],
      ['<r id="1"><a/></r>', { attributePrefix: '', alwaysArray: ['r.id'] }],
    ];
    for (const [xml, convert] of refused) {
      const file = await temp.write(`refused-${files++}.xml`, xml);
      expect(await fastPathTook(file, convert), xml).toBe(false);
      const { fast, reference } = await bothWays(xml, convert);
      expect(fast, xml).toBe(reference);
    }
  });

  it('a split file gives the bytes fast-xml-parser gives one worker, chunks refused or not', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => {
      // Now and then a record the fast path refuses: its chunk goes to fast-xml-parser alone.
      if (i % 1500 === 999) return `<row id="${i}"><?mark version="${i}"?><v>${i}</v></row>\n`;
      if (i % 300 === 7) return `<?between ${i}?><row id="${i}"><?audit n="${i}"?></row>\n`;
      return `<row id="${i}" t=" a&amp;b "><v>${i}</v><v>${i % 7}.5</v><w><![CDATA[ ${i} ]]></w></row>\n`;
    }).join('');
    const xml = `<?xml version="1.0"?>\n<table version="2">\n${rows}</table>\n`;
    const file = await temp.write('split.xml', xml);
    for (const convert of [
      {},
      { parseNumbers: true, alwaysArray: ['table.row.w'], attributePrefix: '' },
    ]) {
      const options = jobOptions('convert', {
        rowTag: 'row',
        convert: { ...DEFAULT_CONVERT_OPTIONS, ...convert },
      });
      const dir = (name: string) => join(temp.path, 'out', `split-${files++}-${name}`);
      const reference = await convertFile(
        file,
        taskContext(options, dir('reference')),
        undefined,
        false,
      );
      const expected = await readFile(reference.convert?.output ?? '', 'utf8');
      for (const workers of [1, 2, 3]) {
        const plan = await planSplit(file, 'row', workers, options, SMALL_CHUNKS);
        expect(plan?.chunks.length).toBeGreaterThan(4);
        if (!plan) return;
        const ctx = taskContext(options, dir(`w${workers}`));
        const split = await processSplitFile(file, plan, options, inProcessSubmit(ctx).submit);
        expect(split.convert?.records).toBe(reference.convert?.records);
        expect(await readFile(split.convert?.output ?? '', 'utf8')).toBe(expected);
      }
    }
  });
});
