/**
 * Batch validation against whole-document validation, on files small enough for both: the
 * batch threshold is forced down so a few hundred KB make dozens of batches. Same verdict, same
 * errors (lines, columns, offsets, paths, messages), same counts, wherever the schema has no
 * constraint that spans batches; where it has, the result says what was not checked.
 */
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { tempDirForTests } from '../split/split-test-support';
import type { FileRef } from '../tasks/types';
import { validateInBatches } from './batch-validation';
import { schemaRuntime } from './runtime';
import { schemaContext, schemaJob, xmllintAll } from './schema-test-support';
import {
  DEFAULT_SCHEMA_TUNING,
  type SchemaTuning,
  validateAgainstSchema,
} from './validate-against-schema';

const temp = tempDirForTests();

/** Every file above 8 KB goes in batches of about 2 KB. */
const SMALL_BATCHES: SchemaTuning = {
  ...DEFAULT_SCHEMA_TUNING,
  wholeDocumentLimitBytes: 8 * 1024,
  batchBytes: 2048,
};

const CATALOG_XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:cat" targetNamespace="urn:cat" elementFormDefault="qualified">
  <xs:element name="catalog"><xs:complexType><xs:sequence>
    <xs:element name="header" type="xs:string"/>
    <xs:element name="record" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="name" type="xs:string"/>
      <xs:element name="qty" type="xs:integer"/>
    </xs:sequence><xs:attribute name="id" type="xs:string" use="required"/></xs:complexType></xs:element>
    <xs:element name="footer" type="xs:string"/>
  </xs:sequence><xs:attribute name="version" type="xs:int" use="required"/></xs:complexType></xs:element>
</xs:schema>`;

interface CatalogShape {
  records: number;
  /** Which records are broken, and how. */
  bad?: (i: number) => 'type' | 'attribute' | 'extra' | null;
  eol?: string;
  version?: string;
  footer?: boolean;
}

function catalog({
  records,
  bad = () => null,
  eol = '\n',
  version = '1',
  footer = true,
}: CatalogShape) {
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<catalog xmlns="urn:cat" version="${version}">`,
    '  <header>Überschrift</header>',
  ];
  for (let i = 0; i < records; i++) {
    const kind = bad(i);
    const id = kind === 'attribute' ? '' : ` id="r${i}"`;
    const qty = kind === 'type' ? `x${i}` : String(i);
    const extra = kind === 'extra' ? '<extra/>' : '';
    // Some records span lines, and non-ASCII text comes before errors on a line.
    lines.push(
      i % 3 === 0
        ? `  <record${id}>${eol}    <name>naïve café ${i}</name>${eol}    <qty>${qty}</qty>${extra}${eol}  </record>`
        : `  <record${id}><name>é ${i}</name><qty>${qty}</qty>${extra}</record>`,
    );
  }
  if (footer) lines.push('  <footer>end</footer>');
  lines.push('</catalog>', '');
  return lines.join(eol);
}

async function both(file: FileRef, schema: ReturnType<typeof schemaJob>) {
  const ctx = schemaContext(schema);
  const whole = await validateAgainstSchema(file, ctx);
  const batched = await validateAgainstSchema(file, ctx, SMALL_BATCHES);
  return { whole, batched };
}

function expectSame(whole: FileResult, batched: FileResult) {
  expect(whole.schema?.batches).toBeNull();
  expect(batched.schema?.batches).toBeGreaterThan(5);
  expect(batched.ok).toBe(whole.ok);
  expect(batched.errorMode).toBe(whole.errorMode);
  expect(batched.errors).toEqual(whole.errors);
  expect(batched.schema?.invalid).toBe(whole.schema?.invalid);
  expect(batched.elements).toBe(whole.elements);
}

describe('batch validation equals whole-document validation', () => {
  it('XSD: errors inside records, on the root, and in its content model', async () => {
    const schema = await temp.write('xsd/cat.xsd', CATALOG_XSD);
    const options = schemaJob({ file: schema.path, maxErrors: 10_000 }, { rowTag: 'record' });
    const shapes: CatalogShape[] = [
      { records: 400 },
      {
        records: 400,
        bad: (i) =>
          i % 37 === 3 ? 'type' : i % 41 === 7 ? 'attribute' : i % 53 === 11 ? 'extra' : null,
      },
      { records: 300, bad: (i) => (i % 29 === 0 ? 'type' : null), eol: '\r\n' },
      { records: 300, version: 'v2' },
      { records: 300, footer: false, bad: (i) => (i === 150 ? 'extra' : null) },
    ];
    for (const [n, shape] of shapes.entries()) {
      const file = await temp.write(`xsd/doc-${n}.xml`, catalog(shape));
      const { whole, batched } = await both(file, options);
      expectSame(whole, batched);
      const lint = xmllintAll(['--schema', schema.path], [file.path]).get(file.path);
      expect(whole.ok).toBe(lint?.valid);
    }
  });

  it('lists the first --max-errors in line order and counts the rest', async () => {
    const schema = await temp.write('max/cat.xsd', CATALOG_XSD);
    const file = await temp.write(
      'max/doc.xml',
      catalog({ records: 500, bad: (i) => (i % 2 === 0 ? 'type' : null) }),
    );
    const { whole, batched } = await both(
      file,
      schemaJob({ file: schema.path, maxErrors: 20 }, { rowTag: 'record' }),
    );
    expectSame(whole, batched);
    expect(batched.errors).toHaveLength(20);
    expect(batched.schema?.invalid).toBe(250);
    expect(batched.warnings?.find((w) => w.code === 'errors-truncated')?.message).toContain(
      '230 more',
    );
  });

  it('DTD named by the DOCTYPE, and a DTD file', async () => {
    const dtd = `<!ELEMENT log (meta, entry+)>
<!ATTLIST log source CDATA #REQUIRED>
<!ELEMENT meta (#PCDATA)>
<!ELEMENT entry (when, what)>
<!ATTLIST entry level (info|warn|error) "info">
<!ELEMENT when (#PCDATA)>
<!ELEMENT what (#PCDATA | code)*>
<!ELEMENT code (#PCDATA)>`;
    await temp.write('dtd/log.dtd', dtd);
    const entries = (bad: boolean) =>
      Array.from({ length: 300 }, (_, i) =>
        bad && i % 31 === 4
          ? `  <entry level="fatal"><what>x</what></entry>`
          : `  <entry level="warn"><when>${i}</when><what>done <code>c${i}</code></what></entry>`,
      ).join('\n');
    for (const bad of [false, true]) {
      const body = `<log source="app">\n  <meta>m</meta>\n${entries(bad)}\n</log>\n`;
      const own = await temp.write(
        `dtd/own-${bad}.xml`,
        `<?xml version="1.0"?>\n<!DOCTYPE log SYSTEM "log.dtd">\n${body}`,
      );
      const auto = await both(
        own,
        schemaJob({ mode: 'auto', file: null, maxErrors: 10_000 }, { rowTag: 'entry' }),
      );
      expectSame(auto.whole, auto.batched);
      expect(auto.whole.ok).toBe(!bad);
      const plain = await temp.write(`dtd/plain-${bad}.xml`, `<?xml version="1.0"?>\n${body}`);
      const given = await both(
        plain,
        schemaJob({ file: `${temp.path}/dtd/log.dtd`, maxErrors: 10_000 }, { rowTag: 'entry' }),
      );
      expectSame(given.whole, given.batched);
      expect(given.whole.ok).toBe(!bad);
    }
  });

  it('DTD: the root content model fails in every batch, reported once at the root end tag', async () => {
    await temp.write(
      'tail/log.dtd',
      '<!ELEMENT log (meta, entry+)>\n<!ELEMENT meta (#PCDATA)>\n<!ELEMENT entry (#PCDATA)>',
    );
    const entries = Array.from({ length: 400 }, (_, i) => `  <entry>${i}</entry>`).join('\n');
    const file = await temp.write(
      'tail/log.xml',
      `<!DOCTYPE log SYSTEM "log.dtd">\n<log>\n${entries}\n</log>\n`,
    );
    const { whole, batched } = await both(
      file,
      schemaJob({ mode: 'auto', file: null }, { rowTag: 'entry' }),
    );
    expect(whole.ok).toBe(false);
    expect(batched.ok).toBe(false);
    // The message lists the children libxml2 got, which differ in a batch: the rest is equal.
    const [wholeError] = whole.errors;
    const [batchError] = batched.errors;
    expect(batched.errors).toHaveLength(1);
    expect({ ...batchError, message: '' }).toEqual({ ...wholeError, message: '' });
    expect(batchError?.message).toMatch(
      /^Element log content does not follow the DTD, expecting \(meta , entry\+\), got \(entry entry/,
    );
  });

  it('RELAX NG', async () => {
    const rng = await temp.write(
      'rng/list.rng',
      `<element name="list" xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <element name="title"><text/></element>
  <oneOrMore><element name="item"><attribute name="n"><data type="int"/></attribute><text/></element></oneOrMore>
</element>`,
    );
    const items = Array.from(
      { length: 400 },
      (_, i) => `  <item n="${i % 43 === 9 ? 'nine' : i}">item ${i}</item>`,
    ).join('\n');
    const file = await temp.write(
      'rng/list.xml',
      `<list>\n  <title>t</title>\n${items}\n</list>\n`,
    );
    const { whole, batched } = await both(
      file,
      schemaJob({ file: rng.path, maxErrors: 10_000 }, { rowTag: 'item' }),
    );
    expectSame(whole, batched);
    expect(whole.ok).toBe(false);
  });

  it('detects the row tag when none is given, and reports the file not well-formed first', async () => {
    const schema = await temp.write(
      'auto/list.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="list"><xs:complexType><xs:sequence><xs:element name="v" type="xs:int" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    );
    const values = Array.from({ length: 3000 }, (_, i) => `<v>${i === 2000 ? 'x' : i}</v>`).join(
      '\n',
    );
    const file = await temp.write('auto/list.xml', `<list>\n${values}\n</list>\n`);
    const { whole, batched } = await both(file, schemaJob({ file: schema.path }));
    expectSame(whole, batched);
    expect(batched.errors[0]).toMatchObject({ line: 2002, path: '/list/v[2001]' });

    // In a one-byte encoding too: é is one byte, 0xE9, which is not UTF-8.
    const latin1 = await temp.write(
      'auto/latin1.xml',
      Buffer.from(
        `<?xml version="1.0" encoding="ISO-8859-1"?>\n<list>\n${values.replaceAll('<v>', '<v>\u00e9').replaceAll('\u00e9x', 'x')}\n</list>\n`,
        'latin1',
      ),
    );
    const schemaLatin1 = await temp.write(
      'auto/list-latin1.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="list"><xs:complexType><xs:sequence><xs:element name="v" maxOccurs="unbounded"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="\u00e9\\d+"/></xs:restriction></xs:simpleType></xs:element></xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    );
    const fromLatin1 = await both(latin1, schemaJob({ file: schemaLatin1.path }));
    expectSame(fromLatin1.whole, fromLatin1.batched);
    expect(fromLatin1.batched.errors).toMatchObject([{ line: 2003, path: '/list/v[2001]' }]);

    const broken = await temp.write('auto/broken.xml', `<list>\n${values}\n<v>1</w>\n</list>\n`);
    const ctx = schemaContext(schemaJob({ file: schema.path }));
    const result = await validateAgainstSchema(broken, ctx, SMALL_BATCHES);
    expect(result).toMatchObject({ ok: false, errorMode: 'first-fatal' });
    expect(result.errors[0]).toMatchObject({ kind: 'syntax', line: 3002 });
  });
});

describe('what batches cannot check', () => {
  it('says so when identity constraints or IDs span batches, and reports no false reference errors', async () => {
    const schema = await temp.write(
      'ids/ids.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="people"><xs:complexType><xs:sequence>
    <xs:element name="person" maxOccurs="unbounded"><xs:complexType>
      <xs:attribute name="id" type="xs:ID" use="required"/><xs:attribute name="boss" type="xs:IDREF"/>
    </xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    );
    // Everyone's boss is person 0, in the first batch only; person 10 has a duplicate id.
    const people = Array.from(
      { length: 600 },
      (_, i) => `  <person id="p${i === 500 ? 10 : i}" boss="p0"/>`,
    ).join('\n');
    const file = await temp.write('ids/people.xml', `<people>\n${people}\n</people>\n`);
    const { whole, batched } = await both(
      file,
      schemaJob({ file: schema.path }, { rowTag: 'person' }),
    );
    expect(whole.ok).toBe(false);
    expect(whole.errors.map((e) => e.message).join()).toContain('p10');
    // The duplicate is in another batch: not found, and the result says it was not looked for.
    expect(batched.ok).toBe(true);
    expect(batched.warnings?.map((w) => w.code)).toContain('cross-batch-not-checked');
  });

  it('sees ID types declared through a parameter entity, as DocBook and TEI declare them', async () => {
    const dtd = await temp.write(
      'pe-ids/people.dtd',
      `<!ENTITY % idattrs "id ID #REQUIRED boss IDREF #IMPLIED">
<!ELEMENT people (person+)>
<!ELEMENT person EMPTY>
<!ATTLIST person %idattrs;>`,
    );
    // Person 590 reports to person 0, in the first batch only.
    const people = Array.from(
      { length: 600 },
      (_, i) => `  <person id="p${i}"${i === 590 ? ' boss="p0"' : ''}/>`,
    ).join('\n');
    const file = await temp.write(
      'pe-ids/people.xml',
      `<!DOCTYPE people SYSTEM "people.dtd">\n<people>\n${people}\n</people>\n`,
    );
    for (const schema of [{ mode: 'auto' as const }, { file: dtd.path }]) {
      const { whole, batched } = await both(file, schemaJob(schema, { rowTag: 'person' }));
      expect(whole).toMatchObject({ ok: true, errors: [] });
      // No false "unknown ID" from the batch without person 0, and the result says why.
      expect(batched).toMatchObject({ ok: true, errors: [] });
      expect(batched.warnings?.map((w) => w.code)).toContain('cross-batch-not-checked');
    }
  });

  it('fails a file using an external entity, at the reference, as a whole document does', async () => {
    const schema = await temp.write('unread/cat.xsd', CATALOG_XSD);
    await temp.write('unread/name.txt', 'secret');
    const text = catalog({ records: 200 })
      .replace('<catalog ', '<!DOCTYPE catalog [<!ENTITY n SYSTEM "name.txt">]>\n<catalog ')
      .replace('<name>é 151</name>', '<name>é &n;</name>');
    expect(text).toContain('&n;');
    const file = await temp.write('unread/doc.xml', text);
    const { whole, batched } = await both(
      file,
      schemaJob({ file: schema.path }, { rowTag: 'record' }),
    );
    const before = text.slice(0, text.indexOf('&n;'));
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    for (const result of [whole, batched]) {
      expect(result.ok).toBe(false);
      expect(result.errors).toMatchObject([
        { kind: 'limit', line, column, message: expect.stringContaining("entity 'n'") },
      ]);
    }
  });

  it('fails a big file whose record element cannot be found, naming --row-tag', async () => {
    const schema = await temp.write('none/s.xsd', CATALOG_XSD);
    const file = await temp.write('none/doc.xml', catalog({ records: 200 }));
    const result = await validateAgainstSchema(
      file,
      schemaContext(schemaJob({ file: schema.path })),
      SMALL_BATCHES,
    );
    expect(result).toMatchObject({ ok: false });
    expect(result.errors[0]?.kind).toBe('limit');
    expect(result.errors[0]?.message).toContain('--row-tag');
    const typo = await validateInBatches(
      await schemaRuntime(schemaJob({}).schema),
      file,
      schemaContext(schemaJob({ file: schema.path }, { rowTag: 'records' })),
      SMALL_BATCHES,
    );
    expect(typo.errors[0]?.message).toContain('no <records> element');
  });
});
