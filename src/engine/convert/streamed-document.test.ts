/**
 * A whole document converted streamed, child by child of the root, must be byte for byte the
 * JSON that fast-xml-parser's whole-tree parse gives; documents of another shape must be refused
 * (convertStreamed returns null) so the caller parses them whole.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONVERT_OPTIONS } from '../../shared/tasks';
import { readRootContext } from '../split/scanner-port';
import { jobOptions, taskContext, tempDirForTests } from '../split/split-test-support';
import { convertFile, convertStreamed, wholeFileScan } from '../tasks/convert';
import type { FileRef, TaskContext } from '../tasks/types';
import { isIgnorable } from './outside-records';

const temp = tempDirForTests();
let files = 0;

const names = fc.constantFrom('a', 'b', 'x:c', 'é');
const leaf = fc.oneof(
  fc.constantFrom(
    '',
    'text',
    '42',
    'true',
    ' spaced ',
    '&amp;&lt;',
    '&e;',
    '<![CDATA[<raw>]]>',
    '<![CDATA[&e;]]>',
  ),
  names.map((name) => `<${name} k="v"/>`),
);
const child = fc
  .tuple(names, fc.boolean(), fc.array(leaf, { maxLength: 3 }))
  .map(([name, attribute, content]) =>
    content.length === 0 && attribute
      ? `<${name} id="1"/>`
      : `<${name}${attribute ? ' id="7" x:n="false"' : ''}>${content.join('')}</${name}>`,
  );
const gap = fc.constantFrom('', '\n  ', '\r\n', '<!-- note -->', '\n<!-- a --><!-- b -->\t');

/** Documents the streamed conversion must take, and equal the whole-tree parse on. */
const streamable = fc
  .tuple(
    fc.constantFrom(
      '',
      '<?xml version="1.0" encoding="UTF-8"?>\n',
      '\uFEFF<?xml version="1.0"?>\r\n',
      '<?pi data?>\n',
    ),
    fc.constantFrom('', ' xmlns:x="urn:x"', ' lang="en" xmlns:x="urn:x"', ' xmlns:x="urn:x" n="3"'),
    // No children at all too: the root's value is then "" or its attributes alone.
    fc.array(fc.tuple(gap, child), { maxLength: 12 }),
    gap,
    fc.constantFrom('', '\n', '\n<!-- end -->\n'),
  )
  .map(([declaration, attributes, children, last, epilogue]) => {
    const xml = `${declaration}<!DOCTYPE root [<!ENTITY e "entity é">]>\n<root${attributes}>${children.map(([g, c]) => g + c).join('')}${last}</root>${epilogue}`;
    // A root without attributes (its value alone is ""): no namespace for the x: names then.
    return attributes === '' ? xml.replaceAll('x:', '') : xml;
  });

const convertOptions = fc.record({
  alwaysArray: fc.constantFrom<string[]>([], ['root.a'], ['root.b', 'root.a.a']),
  parseNumbers: fc.boolean(),
  parseBooleans: fc.boolean(),
});

async function context(
  name: string,
  options: Partial<typeof DEFAULT_CONVERT_OPTIONS>,
): Promise<TaskContext> {
  const convert = { ...DEFAULT_CONVERT_OPTIONS, ...options };
  return taskContext(jobOptions('convert', { convert }), join(temp.path, 'out', name));
}

/** Converts `xml` whole and streamed; returns both outputs (null: streaming refused). */
async function bothWays(
  xml: string,
  options: Partial<typeof DEFAULT_CONVERT_OPTIONS> = {},
): Promise<{ whole: string; streamed: string | null }> {
  const n = files++;
  const file: FileRef = await temp.write(`doc-${n}.xml`, xml);
  const wholeCtx = await context(`whole-${n}`, options);
  const whole = await convertFile(file, wholeCtx, Number.POSITIVE_INFINITY);
  expect(whole.errors).toEqual([]);
  const ctx = await context(`streamed-${n}`, options);
  const head = await readRootContext(file.path, file.size, ctx.options.limits);
  if (!head.ok) throw new Error(head.reason);
  const target = join(temp.path, 'out', `streamed-${n}`, `doc-${n}.json`);
  const outcome = await convertStreamed(file, ctx, head.root, target, wholeFileScan(file, ctx));
  if (outcome !== null) expect(outcome.error).toBeNull();
  return {
    whole: await readFile(whole.convert?.output ?? '', 'utf8'),
    streamed: outcome === null ? null : await readFile(target, 'utf8'),
  };
}

describe('streamed whole-document convert', () => {
  it('equals the whole-tree parse, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(streamable, convertOptions, async (xml, options) => {
        const { whole, streamed } = await bothWays(xml, options);
        expect(streamed).toBe(whole);
      }),
      { numRuns: 80 },
    );
  });

  it('refuses documents whose root holds text or instructions, or is followed by them', async () => {
    for (const xml of [
      '<root>text<a>1</a></root>',
      '<root><a>1</a>tail</root>',
      '<root><a>1</a><![CDATA[x]]></root>',
      '<root><a>1</a>&amp;</root>',
      '<root><a>1</a><?pi x?></root>',
      '<root><a>1</a></root><?after x?>',
      '<root>only text</root>',
    ]) {
      expect((await bothWays(xml)).streamed, xml).toBeNull();
    }
    // An always-array root, and an attribute named like a child (attribute prefix '').
    expect((await bothWays('<root><a/></root>', { alwaysArray: ['root'] })).streamed).toBeNull();
    expect(
      (await bothWays('<root a="1"><a>2</a></root>', { attributePrefix: '' })).streamed,
    ).toBeNull();
    // A child named like the text node, and one fast-xml-parser renames (toString: __toString).
    expect((await bothWays('<root><a/><a/></root>', { textNodeName: 'a' })).streamed).toBeNull();
    // The same, always an array: fast-xml-parser gives the child no value at all (it failed
    // with a TypeError before; found by the fast path's property test).
    expect(
      (await bothWays('<root><a/>\n</root>', { textNodeName: 'a', alwaysArray: ['root.a'] }))
        .streamed,
    ).toBeNull();
    expect((await bothWays('<root><toString>1</toString><a/></root>')).streamed).toBeNull();
    expect((await bothWays('<root><a/><valueOf>1</valueOf></root>')).streamed).toBeNull();
  });

  it('converts a document over the streaming size through convertFile, with no scratch left', async () => {
    const xml = `<root n="1">${Array.from({ length: 3000 }, (_, i) => `<row id="${i}"><v>${i}</v></row>`).join('\n')}</root>`;
    const file = await temp.write('rows.xml', xml);
    const ctx = await context('rows', {});
    const result = await convertFile(file, ctx, 1000);
    expect(result).toMatchObject({ ok: true, convert: { format: 'json', records: 1 } });
    const value = JSON.parse(await readFile(result.convert?.output ?? '', 'utf8'));
    expect(value.root.row).toHaveLength(3000);
    expect(value.root.row[2999]).toEqual({ v: '2999', '@_id': '2999' });
    expect(value.root['@_n']).toBe('1');
    expect(await readdir(join(temp.path, 'out', 'rows'))).toEqual(['rows.json']);
  });

  it('stops scanning at the first sign that a document is not streamable', async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `<row>${i}</row>`).join('\n');
    const file = await temp.write('early.xml', `<root>lead text\n${rows}</root>`);
    const ctx = await context('early', {});
    const head = await readRootContext(file.path, file.size, ctx.options.limits);
    if (!head.ok) throw new Error(head.reason);
    let read = 0;
    const scan = { ...wholeFileScan(file, ctx), onProgress: (done: number) => (read = done) };
    const target = join(temp.path, 'out', 'early', 'early.json');
    expect(await convertStreamed(file, ctx, head.root, target, scan)).toBeNull();
    expect(file.size).toBeGreaterThan(1_500_000);
    expect(read).toBeLessThan(file.size);
  });

  it('tells whitespace and comments from anything else', () => {
    expect(isIgnorable(' \n\t<!-- a --> <!--b-->\r\n')).toBe(true);
    expect(isIgnorable('')).toBe(true);
    expect(isIgnorable(' x ')).toBe(false);
    expect(isIgnorable('<!-- a --><?pi?>')).toBe(false);
    expect(isIgnorable('&amp;')).toBe(false);
  });
});
