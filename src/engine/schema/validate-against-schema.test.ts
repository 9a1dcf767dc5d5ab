/**
 * The validate task with a schema, in-process (the same code a pool worker runs): what a result
 * holds, `--schema auto` and catalogs, what is read and what never is, and a schema that does
 * not compile.
 */
import { describe, expect, it } from 'vitest';
import { tempDirForTests } from '../split/split-test-support';
import { schemaContext, schemaJob, xmllintAll } from './schema-test-support';
import { validateAgainstSchema } from './validate-against-schema';

const temp = tempDirForTests();

const NOTE_XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="note"><xs:complexType><xs:sequence>
    <xs:element name="to" type="xs:string"/><xs:element name="n" type="xs:int"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;

const CATALOG_XSD = `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="catalog"><xs:complexType><xs:sequence>
    <xs:element name="record" maxOccurs="unbounded"><xs:complexType><xs:sequence>
      <xs:element name="name" type="xs:string"/><xs:element name="qty" type="xs:integer"/>
    </xs:sequence><xs:attribute name="id" type="xs:ID" use="required"/></xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>`;

const NS_XSD = (
  ns: string,
  element: string,
) => `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${ns}" elementFormDefault="qualified">
  <xs:element name="${element}" type="xs:int"/>
</xs:schema>`;

describe('a validate result with a schema', () => {
  it('lists every validity error with line, column, offset, element path and a clean message', async () => {
    const schema = await temp.write('result/note.xsd', NOTE_XSD);
    const xml = '<?xml version="1.0"?>\n<note>\n  <to>Ann</to><n>x</n>\n  <extra/>\n</note>\n';
    const file = await temp.write('result/bad.xml', xml);
    const ctx = schemaContext(schemaJob({ file: schema.path }));
    const result = await validateAgainstSchema(file, ctx);
    expect(result).toMatchObject({
      ok: false,
      errorMode: 'all-validity',
      schema: { schema: schema.path, kind: 'xsd', invalid: 2, batches: null },
    });
    expect(result.errors).toEqual([
      {
        kind: 'invalid',
        line: 3,
        column: 15,
        offset: xml.indexOf('<n>'),
        path: '/note/n',
        message: "Element 'n': 'x' is not a valid value of the atomic type 'xs:int'.",
      },
      {
        kind: 'invalid',
        line: 4,
        column: 3,
        offset: xml.indexOf('<extra'),
        path: '/note/extra',
        message: "Element 'extra': This element is not expected.",
      },
    ]);
    const lint = xmllintAll(['--schema', schema.path], [file.path]).get(file.path);
    expect(result.errors.map((error) => error.line)).toEqual(lint?.lines);

    const good = await temp.write('result/good.xml', '<note><to>A</to><n>1</n></note>');
    expect(await validateAgainstSchema(good, ctx)).toMatchObject({ ok: true, errors: [] });
  });

  it('never places an error at another element’s tag on the reported line', async () => {
    const schema = await temp.write('placed/catalog.xsd', CATALOG_XSD);
    const ctx = schemaContext(schemaJob({ file: schema.path }));
    // libxml2 reports the first record on line 2, where its start tag ends; the one tag named
    // record that begins there is the second record's.
    const xml =
      '<catalog><record\n   id="1x"><name>a</name><qty>1</qty></record><record id="ok"><name>a</name><qty>q</qty></record></catalog>\n';
    const file = await temp.write('placed/bad2.xml', xml);
    const result = await validateAgainstSchema(file, ctx);
    expect(result.errors).toEqual([
      {
        kind: 'invalid',
        line: 2,
        column: null,
        offset: xml.indexOf('\n') + 1,
        path: '/catalog/record[1]',
        message:
          "Element 'record', attribute 'id': '1x' is not a valid value of the atomic type 'xs:ID'.",
      },
      expect.objectContaining({ line: 2, column: null, path: '/catalog/record[2]/qty' }),
    ]);
    const lint = xmllintAll(['--schema', schema.path], [file.path]).get(file.path);
    expect(result.errors.map((error) => error.line)).toEqual(lint?.lines);

    // An element from an entity gets a line within the entity's text (1 here), where the
    // document has a record tag of its own.
    const fromEntity = await temp.write(
      'placed/entity.xml',
      '<catalog><record id="ok"><name>a</name><qty>1</qty></record>\n&r;</catalog>'.replace(
        '<catalog>',
        `<!DOCTYPE catalog [<!ENTITY r "<record id='1x'><name>a</name><qty>1</qty></record>">]><catalog>`,
      ),
    );
    expect((await validateAgainstSchema(fromEntity, ctx)).errors).toEqual([
      expect.objectContaining({ line: 1, column: null, offset: 0, path: '/catalog/record[2]' }),
    ]);

    // Where the tag is certain, it is still placed: alone on its line, or the only one there.
    const plain = '<catalog>\n  <record id="2x"><name>a</name><qty>1</qty></record>\n</catalog>\n';
    const placed = await temp.write('placed/plain.xml', plain);
    expect((await validateAgainstSchema(placed, ctx)).errors).toEqual([
      expect.objectContaining({ line: 2, column: 3, offset: plain.indexOf('<record') }),
    ]);
  });

  it('reports a file that is not well-formed with the scanner’s first error, before any schema', async () => {
    const schema = await temp.write('wf/note.xsd', NOTE_XSD);
    const file = await temp.write('wf/bad.xml', '<note>\n  <to>A</too>\n</note>');
    const result = await validateAgainstSchema(
      file,
      schemaContext(schemaJob({ file: schema.path })),
    );
    expect(result).toMatchObject({ ok: false, errorMode: 'first-fatal' });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ kind: 'syntax', line: 2, column: 8 });
    expect(result.schema).toBeUndefined();
  });

  it('a schema that does not compile is a schema error naming its file and line', async () => {
    const schema = await temp.write(
      'broken/s.xsd',
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n  <xs:element name="a" type="nope"/>\n</xs:schema>',
    );
    const file = await temp.write('broken/a.xml', '<a/>');
    const result = await validateAgainstSchema(
      file,
      schemaContext(schemaJob({ file: schema.path })),
    );
    expect(result.errors[0]?.kind).toBe('schema');
    expect(result.errors[0]?.message).toContain(
      `the schema ${schema.path} does not compile: ${schema.path}:2:`,
    );
    expect(result.errors[0]?.message).toContain("'nope'");
  });

  it('substitutes internal entities, as XSD validation needs', async () => {
    const schema = await temp.write('ent/note.xsd', NOTE_XSD);
    const file = await temp.write(
      'ent/a.xml',
      '<!DOCTYPE note [<!ENTITY who "Ann">]>\n<note><to>&who;</to><n>1</n></note>',
    );
    expect(
      await validateAgainstSchema(file, schemaContext(schemaJob({ file: schema.path }))),
    ).toMatchObject({
      ok: true,
    });
  });
});

describe('--schema auto', () => {
  const auto = schemaContext(schemaJob({ mode: 'auto', file: null }));

  it('finds xsi:noNamespaceSchemaLocation and xsi:schemaLocation pairs, relative to the document', async () => {
    await temp.write('auto/schemas/note.xsd', NOTE_XSD);
    await temp.write('auto/schemas/a.xsd', NS_XSD('urn:a', 'x'));
    await temp.write(
      'auto/schemas/b.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:a="urn:a" targetNamespace="urn:b" elementFormDefault="qualified">
  <xs:import namespace="urn:a"/>
  <xs:element name="root"><xs:complexType><xs:sequence><xs:any namespace="urn:a" processContents="strict"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    );
    const xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
    const one = await temp.write(
      'auto/one.xml',
      `<note ${xsi} xsi:noNamespaceSchemaLocation="schemas/note.xsd"><to>A</to><n>z</n></note>`,
    );
    expect(await validateAgainstSchema(one, auto)).toMatchObject({
      ok: false,
      schema: { schema: 'schemas/note.xsd', kind: 'xsd' },
      errors: [{ kind: 'invalid', path: '/note/n' }],
    });
    const pairs = await temp.write(
      'auto/pairs.xml',
      `<b:root xmlns:b="urn:b" xmlns:a="urn:a" ${xsi} xsi:schemaLocation="urn:b schemas/b.xsd urn:a schemas/a.xsd"><a:x>oops</a:x></b:root>`,
    );
    const result = await validateAgainstSchema(pairs, auto);
    expect(result).toMatchObject({ ok: false, schema: { schema: 'schemas/b.xsd schemas/a.xsd' } });
    expect(result.errors[0]?.message).toContain("'oops' is not a valid value");
  });

  it('finds an xml-model instruction (RELAX NG) and a DOCTYPE (DTD), and fails a document naming none', async () => {
    await temp.write(
      'model/a.rng',
      '<element name="a" xmlns="http://relaxng.org/ns/structure/1.0"><attribute name="k"/></element>',
    );
    const model = await temp.write(
      'model/a.xml',
      '<?xml-model href="a.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n<a/>',
    );
    expect(await validateAgainstSchema(model, auto)).toMatchObject({
      ok: false,
      schema: { kind: 'rng', schema: 'a.rng' },
    });
    await temp.write('model/a.dtd', '<!ELEMENT a EMPTY>\n<!ATTLIST a k CDATA #REQUIRED>');
    const doctype = await temp.write('model/b.xml', '<!DOCTYPE a SYSTEM "a.dtd">\n<a k="1"/>');
    expect(await validateAgainstSchema(doctype, auto)).toMatchObject({
      ok: true,
      schema: { kind: 'dtd', schema: 'a.dtd' },
    });
    const none = await temp.write('model/none.xml', '<a/>');
    const result = await validateAgainstSchema(none, auto);
    expect(result.errors[0]).toMatchObject({ kind: 'schema' });
    expect(result.errors[0]?.message).toContain('names no schema');
  });

  it('skips a Schematron xml-model by its schematypens, whether or not its file exists', async () => {
    const schematron =
      '<?xml-model href="sch.sch" schematypens="http://purl.oclc.org/dsdl/schematron"?>';
    const missing = await temp.write('sch/missing.xml', `${schematron}<catalog/>`);
    const result = await validateAgainstSchema(missing, auto);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toContain('names no schema');
    await temp.write('sch/b.dtd', '<!ELEMENT catalog EMPTY>');
    const withDoctype = await temp.write(
      'sch/doctype.xml',
      `${schematron}<!DOCTYPE catalog SYSTEM "b.dtd"><catalog/>`,
    );
    expect(await validateAgainstSchema(withDoctype, auto)).toMatchObject({
      ok: true,
      schema: { kind: 'dtd', schema: 'b.dtd' },
    });
  });

  it('says which reference cannot be used, and why, in a sentence', async () => {
    const message = async (name: string, xml: string) =>
      (await validateAgainstSchema(await temp.write(`why/${name}`, xml), auto)).errors[0]?.message;
    expect(
      await message('remote-model.xml', '<?xml-model href="http://127.0.0.1:8765/a.rng"?><a/>'),
    ).toBe(
      'the xml-model instruction names http://127.0.0.1:8765/a.rng, which is remote: xmlpool never reads the network; map it to a local file with --catalog',
    );
    const xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
    expect(await message('no-ns.xml', `<a ${xsi} xsi:noNamespaceSchemaLocation="nope.xsd"/>`)).toBe(
      `xsi:noNamespaceSchemaLocation names a schema: cannot read the schema ${temp.path}/why/nope.xsd: no such file`,
    );
    expect(
      await message('ns.xml', `<a xmlns="urn:a" ${xsi} xsi:schemaLocation="urn:a nope-a.xsd"/>`),
    ).toBe(
      `xsi:schemaLocation names a schema: cannot read the schema ${temp.path}/why/nope-a.xsd: no such file`,
    );
  });

  it('against the DOCTYPE’s DTD, agrees with xmllint --valid where a DTD compiled once could not', async () => {
    // Documents are checked against the DTD compiled once per worker, and the exact way
    // (`--valid`: the DTD loaded by the parse) when that is not clean: these are the cases where
    // the two differ, each of which must take the exact way.
    await temp.write(
      'once/r.dtd',
      [
        '<!ELEMENT r (item*)>',
        '<!ATTLIST r kind CDATA "plain">',
        '<!ELEMENT item (#PCDATA)>',
        '<!ATTLIST item id ID #REQUIRED ref IDREF #IMPLIED>',
        '<!ENTITY company "Example Ltd">',
      ].join('\n'),
    );
    const doctype = '<!DOCTYPE r SYSTEM "r.dtd">\n';
    const cases: Record<string, string> = {
      valid: `${doctype}<r>\n<item id="a">x</item>\n<item id="b" ref="a">y</item>\n</r>`,
      'an entity the DTD declares': `${doctype}<r><item id="a">&company;</item></r>`,
      'an internal subset adding an attribute':
        '<!DOCTYPE r SYSTEM "r.dtd" [<!ATTLIST r extra CDATA #IMPLIED>]>\n<r extra="1"/>',
      'an internal subset requiring an attribute':
        '<!DOCTYPE r SYSTEM "r.dtd" [<!ATTLIST r extra CDATA #REQUIRED>]>\n<r/>',
      'a root the DOCTYPE does not name': `${doctype}<item id="a">x</item>`,
      'standalone, with an attribute defaulted by the DTD': `<?xml version="1.0" standalone="yes"?>\n${doctype}<r/>`,
      'an ID the DTD normalises': `${doctype}<r><item id=" a ">x</item></r>`,
      'a duplicate ID': `${doctype}<r>\n<item id="a">x</item>\n<item id="a">y</item>\n</r>`,
      'an IDREF to nothing': `${doctype}<r>\n<item id="a" ref="b">x</item>\n</r>`,
      'an undeclared element': `${doctype}<r>\n<other/>\n</r>`,
    };
    const checked: { label: string; path: string; ok: boolean; line: number | null }[] = [];
    for (const [n, [label, text]] of Object.entries(cases).entries()) {
      const file = await temp.write(`once/doc-${n}.xml`, text);
      const result = await validateAgainstSchema(file, auto);
      checked.push({ label, path: file.path, ok: result.ok, line: result.errors[0]?.line ?? null });
    }
    const lint = xmllintAll(
      ['--valid'],
      checked.map((entry) => entry.path),
    );
    const verdicts = checked.map(({ label, path, ok, line }) => {
      const verdict = lint.get(path);
      return {
        label,
        ours: { ok, line },
        lint: { ok: verdict?.valid, line: verdict?.lines[0] ?? null },
      };
    });
    for (const { label, ours, lint: theirs } of verdicts) expect(ours, label).toEqual(theirs);
    // Both verdicts occur, or the comparison proves little.
    expect(verdicts.filter((v) => v.lint.ok).length).toBeGreaterThanOrEqual(3);
    expect(verdicts.filter((v) => !v.lint.ok).length).toBeGreaterThanOrEqual(3);
  });

  it('uses a DTD edited during the job in its new form', async () => {
    await temp.write('edit/r.dtd', '<!ELEMENT r EMPTY>');
    const file = await temp.write('edit/a.xml', '<!DOCTYPE r SYSTEM "r.dtd">\n<r/>');
    expect((await validateAgainstSchema(file, auto)).ok).toBe(true);
    // Another size, so the change shows even within the file system's time resolution.
    await temp.write('edit/r.dtd', '<!ELEMENT r (x)>\n<!ELEMENT x EMPTY>');
    expect(await validateAgainstSchema(file, auto)).toMatchObject({
      ok: false,
      errors: [{ kind: 'invalid', line: 2 }],
    });
  });

  it('never reads a remote DTD or schema: a per-file error says to map it with --catalog', async () => {
    const dtd = await temp.write(
      'remote/doc.xml',
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html/>',
    );
    const result = await validateAgainstSchema(dtd, auto);
    expect(result.errors[0]).toMatchObject({ kind: 'schema' });
    expect(result.errors[0]?.message).toMatch(/remote.*--catalog/);
    const xsd = await temp.write(
      'remote/xsd.xml',
      '<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://example.com/a.xsd"/>',
    );
    expect((await validateAgainstSchema(xsd, auto)).errors[0]?.message).toMatch(
      /remote.*--catalog/,
    );
  });
});

describe('catalogs', () => {
  it('map a public id, a system id and a schema location URL to local files', async () => {
    await temp.write('cat/dtd/memo.dtd', '<!ELEMENT memo (#PCDATA)>');
    await temp.write('cat/xsd/note.xsd', NOTE_XSD);
    await temp.write(
      'cat/xsd/importing.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:a="urn:a">
  <xs:import namespace="urn:a" schemaLocation="http://schemas.example.com/a/a.xsd"/>
  <xs:element name="wrap"><xs:complexType><xs:sequence><xs:element ref="a:x"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>`,
    );
    await temp.write('cat/xsd/a/a.xsd', NS_XSD('urn:a', 'x'));
    const catalog = await temp.write(
      'cat/catalog.xml',
      `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <public publicId="-//Example//DTD Memo//EN" uri="dtd/memo.dtd"/>
  <group xml:base="xsd/">
    <system systemId="http://schemas.example.com/note.xsd" uri="note.xsd"/>
  </group>
  <nextCatalog catalog="more.xml"/>
</catalog>`,
    );
    await temp.write(
      'cat/more.xml',
      `<c:catalog xmlns:c="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <c:rewriteURI uriStartString="http://schemas.example.com/a/" rewritePrefix="xsd/a/"/>
</c:catalog>`,
    );
    const ctx = schemaContext(schemaJob({ mode: 'auto', file: null, catalogs: [catalog.path] }));
    const memo = await temp.write(
      'cat/docs/memo.xml',
      '<!DOCTYPE memo PUBLIC "-//Example//DTD Memo//EN" "http://example.com/memo.dtd">\n<memo>hi</memo>',
    );
    const memoResult = await validateAgainstSchema(memo, ctx);
    expect(memoResult.errors).toEqual([]);
    expect(memoResult).toMatchObject({ ok: true, schema: { kind: 'dtd' } });
    const note = await temp.write(
      'cat/docs/note.xml',
      '<note xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://schemas.example.com/note.xsd"><to>A</to><n>1</n></note>',
    );
    expect(await validateAgainstSchema(note, ctx)).toMatchObject({
      ok: true,
      schema: { kind: 'xsd' },
    });

    // In a schema: an import of a URL, mapped by the chained catalog's rewriteURI.
    const wrap = await temp.write('cat/docs/wrap.xml', '<wrap xmlns:a="urn:a"><a:x>5</a:x></wrap>');
    const fileMode = schemaJob({
      file: `${temp.path}/cat/xsd/importing.xsd`,
      catalogs: [catalog.path],
    });
    expect(await validateAgainstSchema(wrap, schemaContext(fileMode))).toMatchObject({ ok: true });
    // Without the catalog the import is remote: the schema does not compile, saying why.
    const without = await validateAgainstSchema(
      wrap,
      schemaContext(schemaJob({ file: `${temp.path}/cat/xsd/importing.xsd` })),
    );
    expect(without.errors[0]?.message).toContain(
      'http://schemas.example.com/a/a.xsd is remote and xmlpool never reads the network',
    );
  });
});

describe('a DOCTYPE’s system id', () => {
  it('is mapped by a uri entry when no system or public entry maps it, as libxml2 does', async () => {
    await temp.write('uri-dtd/dtds/u.dtd', '<!ELEMENT doc EMPTY>');
    const catalog = await temp.write(
      'uri-dtd/catalog.xml',
      `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <uri name="http://ex.com/u.dtd" uri="dtds/u.dtd"/>
</catalog>`,
    );
    const auto = schemaContext(schemaJob({ mode: 'auto', file: null, catalogs: [catalog.path] }));
    const doc = await temp.write(
      'uri-dtd/doc.xml',
      '<!DOCTYPE doc SYSTEM "http://ex.com/u.dtd">\n<doc>text</doc>',
    );
    expect(await validateAgainstSchema(doc, auto)).toMatchObject({
      ok: false,
      schema: { kind: 'dtd' },
      errors: [{ kind: 'invalid', line: 2, message: expect.stringContaining('declared EMPTY') }],
    });
  });
});

describe('a file a catalog maps to another folder', () => {
  it('has what it refers to looked for beside it: a DTD’s parameter entities, a schema’s includes', async () => {
    await temp.write('moved/dtds/top.dtd', '<!ENTITY % m SYSTEM "m.ent">\n%m;');
    await temp.write('moved/dtds/m.ent', '<!ELEMENT doc EMPTY>');
    await temp.write(
      'moved/xs/a.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a" xmlns="urn:a" elementFormDefault="qualified">
  <xs:include schemaLocation="b.xsd"/><xs:element name="root" type="T"/></xs:schema>`,
    );
    await temp.write(
      'moved/xs/b.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a">
  <xs:simpleType name="T"><xs:restriction base="xs:int"/></xs:simpleType></xs:schema>`,
    );
    const main = await temp.write(
      'moved/xs/main.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:a="urn:a">
  <xs:import namespace="urn:a" schemaLocation="http://ex.com/xs/a.xsd"/>
  <xs:element name="wrap"><xs:complexType><xs:sequence><xs:element ref="a:root"/></xs:sequence></xs:complexType></xs:element></xs:schema>`,
    );
    const catalog = await temp.write(
      'moved/cats/catalog.xml',
      `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <public publicId="-//X//T" uri="../dtds/top.dtd"/>
  <system systemId="http://ex.com/top.dtd" uri="../dtds/top.dtd"/>
  <uri name="http://ex.com/xs/a.xsd" uri="../xs/a.xsd"/>
</catalog>`,
    );
    const auto = schemaContext(schemaJob({ mode: 'auto', file: null, catalogs: [catalog.path] }));
    for (const doctype of ['PUBLIC "-//X//T" "top.dtd"', 'SYSTEM "http://ex.com/top.dtd"']) {
      const valid = await temp.write('moved/docs/q2.xml', `<!DOCTYPE doc ${doctype}><doc/>`);
      expect(await validateAgainstSchema(valid, auto)).toMatchObject({ ok: true, errors: [] });
      // An invalid document takes the exact way, which failed to find m.ent beside top.dtd.
      const invalid = await temp.write(
        'moved/docs/q1.xml',
        `<!DOCTYPE doc ${doctype}><doc>text</doc>`,
      );
      expect((await validateAgainstSchema(invalid, auto)).errors).toMatchObject([
        { kind: 'invalid', line: 1, message: expect.stringContaining('declared EMPTY') },
      ]);
    }
    const wrap = await temp.write('moved/docs/x2.xml', '<wrap><root xmlns="urn:a">x</root></wrap>');
    const file = schemaContext(schemaJob({ file: main.path, catalogs: [catalog.path] }));
    expect((await validateAgainstSchema(wrap, file)).errors).toMatchObject([
      { kind: 'invalid', message: expect.stringContaining("'x' is not a valid value") },
    ]);
  });
});

describe('a chained catalog that cannot be loaded', () => {
  it('is skipped as if empty, with a warning on each result, never a crash', async () => {
    const schema = await temp.write(
      'skipcat/remote.xsd',
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:x" schemaLocation="http://127.0.0.1:8765/x.xsd"/>
  <xs:element name="catalog"/>
</xs:schema>`,
    );
    const catalog = await temp.write(
      'skipcat/c2.xml',
      '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog"><nextCatalog catalog="missing-cat.xml"/></catalog>',
    );
    const good = await temp.write('skipcat/good.xml', '<catalog/>');
    const ctx = schemaContext(schemaJob({ file: schema.path, catalogs: [catalog.path] }));
    const warning = {
      code: 'catalog-skipped',
      message: `skipped a catalog that ${catalog.path} chains to, as XML Catalogs requires (as if it were empty): cannot read the catalog ${temp.path}/skipcat/missing-cat.xml: no such file`,
    };
    // The import stays unmapped, so the schema does not compile, for that reason alone.
    const result = await validateAgainstSchema(good, ctx);
    expect(result).toMatchObject({ ok: false, warnings: [warning] });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ kind: 'schema' });
    expect(result.errors[0]?.message).toContain('http://127.0.0.1:8765/x.xsd is remote');

    const plain = await temp.write('skipcat/plain.xsd', NOTE_XSD);
    const note = await temp.write('skipcat/note.xml', '<note><to>A</to><n>1</n></note>');
    const plainCtx = schemaContext(schemaJob({ file: plain.path, catalogs: [catalog.path] }));
    expect(await validateAgainstSchema(note, plainCtx)).toMatchObject({
      ok: true,
      warnings: [warning],
    });
  });
});

describe('what libxml2 may read', () => {
  it('reads a DTD’s parameter entities, never a document’s external entities', async () => {
    await temp.write('sec/mods/el.ent', '<!ELEMENT r (#PCDATA)>');
    await temp.write(
      'sec/r.dtd',
      '<!ENTITY % el SYSTEM "mods/el.ent">\n%el;\n<!ENTITY secret SYSTEM "secret.txt">',
    );
    await temp.write('sec/secret.txt', 'do not read');
    const auto = schemaContext(schemaJob({ mode: 'auto', file: null }));
    const plain = await temp.write('sec/plain.xml', '<!DOCTYPE r SYSTEM "r.dtd">\n<r>text</r>');
    const plainResult = await validateAgainstSchema(plain, auto);
    expect(plainResult.errors).toEqual([]);
    const entity = await temp.write(
      'sec/entity.xml',
      '<!DOCTYPE r SYSTEM "r.dtd">\n<r>&secret;</r>',
    );
    const result = await validateAgainstSchema(entity, auto);
    expect(result.errors[0]).toMatchObject({ kind: 'schema' });
    expect(result.errors[0]?.message).toContain('secret.txt was not read');
  });

  it('reads the local parameter entities of the internal subset as the document’s DTD', async () => {
    const auto = schemaContext(schemaJob({ mode: 'auto', file: null }));
    await temp.write('subset/ok.ent', '<!ELEMENT catalog EMPTY>');
    await temp.write('subset/mods/nested.ent', '<!ELEMENT x EMPTY>');
    await temp.write(
      'subset/outer.ent',
      '<!ELEMENT catalog (x)>\n<!ENTITY % nested SYSTEM "mods/nested.ent">\n%nested;',
    );
    const subset = (entity: string) =>
      `<!DOCTYPE catalog [ <!ENTITY % ext SYSTEM "${entity}"> %ext; ]>`;
    const valid = await temp.write('subset/valid.xml', `${subset('ok.ent')}<catalog/>`);
    expect(await validateAgainstSchema(valid, auto)).toMatchObject({
      ok: true,
      errors: [],
      schema: { kind: 'dtd', schema: 'the internal DTD subset' },
    });
    const invalid = await temp.write(
      'subset/invalid.xml',
      `${subset('ok.ent')}<catalog><x/></catalog>`,
    );
    const nested = await temp.write(
      'subset/nested.xml',
      `${subset('outer.ent')}<catalog><x/></catalog>`,
    );
    const lint = xmllintAll(['--valid'], [valid.path, invalid.path, nested.path]);
    const invalidResult = await validateAgainstSchema(invalid, auto);
    expect(invalidResult).toMatchObject({ ok: false, errorMode: 'all-validity' });
    expect(invalidResult.errors.map((error) => error.line)).toEqual(lint.get(invalid.path)?.lines);
    expect(lint.get(nested.path)?.valid).toBe(true);
    expect(await validateAgainstSchema(nested, auto)).toMatchObject({ ok: true, errors: [] });

    // A missing one is named as missing, not as refused by policy; a remote one stays refused.
    const missing = await temp.write('subset/missing.xml', `${subset('gone.ent')}<catalog/>`);
    expect((await validateAgainstSchema(missing, auto)).errors).toEqual([
      expect.objectContaining({
        kind: 'schema',
        message: `the document's DTD: cannot read ${temp.path}/subset/gone.ent: no such file`,
      }),
    ]);
    const remote = await temp.write(
      'subset/remote.xml',
      `${subset('http://127.0.0.1:8765/ok.ent')}<catalog/>`,
    );
    expect((await validateAgainstSchema(remote, auto)).errors[0]?.message).toBe(
      "the document's DTD: http://127.0.0.1:8765/ok.ent is remote and xmlpool never reads the network: map it to a local file with --catalog",
    );
  });

  it('against an XSD, reads neither the DOCTYPE’s DTD nor external entities', async () => {
    const schema = await temp.write(
      'sec2/s.xsd',
      NOTE_XSD.replace('type="xs:string"', 'type="xs:string" default="x"'),
    );
    await temp.write('sec2/secret.txt', 'Ann');
    const file = await temp.write(
      'sec2/a.xml',
      '<!DOCTYPE note SYSTEM "missing-on-purpose.dtd" [<!ENTITY s SYSTEM "secret.txt">]>\n<note><to>&s;</to><n>1</n></note>',
    );
    const ctx = schemaContext(schemaJob({ file: schema.path }));
    // The DTD does not exist, so it was not read; the entity is not read either, and the
    // document cannot be checked without its text: it fails, saying where it is used.
    expect((await validateAgainstSchema(file, ctx)).errors).toEqual([
      {
        kind: 'limit',
        line: 2,
        column: 11,
        offset: null,
        message:
          "cannot check this document against the schema: it uses the external entity 's', and xmlpool never reads a document's external entities, so its text would be missing from the check",
      },
    ]);
    const unused = await temp.write(
      'sec2/b.xml',
      '<!DOCTYPE note SYSTEM "missing-on-purpose.dtd" [<!ENTITY s SYSTEM "secret.txt">]>\n<note><to>Bo</to><n>1</n></note>',
    );
    expect(await validateAgainstSchema(unused, ctx)).toMatchObject({ ok: true, errors: [] });
  });

  it('fails a document using an external entity through an internal one, at the document’s reference, whatever the schema', async () => {
    await temp.write('sec3/secret.txt', 'Ann');
    const xml =
      '<!DOCTYPE note [<!ENTITY s SYSTEM "secret.txt"><!ENTITY greeting "Dear <b>&s;</b>">]>\n<note><to>é 😀 &greeting;</to><n>1</n></note>';
    const file = await temp.write('sec3/a.xml', xml);
    const schemas = [
      await temp.write('sec3/s.xsd', NOTE_XSD),
      await temp.write(
        'sec3/s.rng',
        '<element name="note" xmlns="http://relaxng.org/ns/structure/1.0"><element name="to"><mixed><zeroOrMore><element name="b"><text/></element></zeroOrMore></mixed></element><element name="n"><text/></element></element>',
      ),
      await temp.write(
        'sec3/s.dtd',
        '<!ELEMENT note (to, n)><!ELEMENT to (#PCDATA|b)*><!ELEMENT b (#PCDATA)><!ELEMENT n (#PCDATA)>',
      ),
    ];
    for (const schema of schemas) {
      const result = await validateAgainstSchema(
        file,
        schemaContext(schemaJob({ file: schema.path })),
      );
      expect(result.ok).toBe(false);
      // Columns count characters: é and 😀 are one each.
      expect(result.errors).toMatchObject([
        { kind: 'limit', line: 2, column: 15, message: expect.stringContaining("entity 's'") },
      ]);
    }
  });

  it('stops an entity bomb in an external DTD with a limit error', async () => {
    const levels = Array.from(
      { length: 8 },
      (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`,
    ).join('\n');
    await temp.write(
      'bomb/bomb.dtd',
      `<!ELEMENT r (#PCDATA)>\n<!ENTITY a0 "${'x'.repeat(40)}">\n${levels}`,
    );
    const file = await temp.write('bomb/a.xml', '<!DOCTYPE r SYSTEM "bomb.dtd">\n<r>&a8;</r>');
    const result = await validateAgainstSchema(
      file,
      schemaContext(schemaJob({ mode: 'auto', file: null })),
    );
    expect(result.errors[0]?.kind).toBe('limit');
    expect(result.errors[0]?.message).toContain('amplification');
  });

  it('names a DTD that exceeds the amplification limit by its path, not a file: URL', async () => {
    const levels = Array.from(
      { length: 6 },
      (_, i) => `<!ENTITY % p${i + 1} "${`&#37;p${i};`.repeat(30)}">`,
    ).join('\n');
    const dtd = await temp.write(
      'pebomb/bomb.dtd',
      `<!ELEMENT r (#PCDATA)>\n<!ENTITY % p0 "${'x'.repeat(70)}">\n${levels}\n<!ENTITY x "%p6;">`,
    );
    const file = await temp.write('pebomb/a.xml', '<r/>');
    const result = await validateAgainstSchema(file, schemaContext(schemaJob({ file: dtd.path })));
    expect(result.errors).toEqual([
      expect.objectContaining({
        kind: 'schema',
        message: expect.stringMatching(
          new RegExp(`^the schema ${dtd.path} does not compile: ${dtd.path}:9: .*amplification`),
        ),
      }),
    ]);
  });

  it('asks for the worker to be recycled once its WebAssembly memory passed the threshold', async () => {
    const schema = await temp.write('heap/note.xsd', NOTE_XSD);
    const file = await temp.write('heap/a.xml', '<note><to>A</to><n>1</n></note>');
    const ctx = schemaContext(schemaJob({ file: schema.path }));
    await validateAgainstSchema(file, ctx, {
      wholeDocumentLimitBytes: 1 << 25,
      batchBytes: 1 << 20,
      recycleHeapBytes: 2 ** 40,
    });
    expect(ctx.recycled()).toBe(false);
    await validateAgainstSchema(file, ctx, {
      wholeDocumentLimitBytes: 1 << 25,
      batchBytes: 1 << 20,
      recycleHeapBytes: 1,
    });
    expect(ctx.recycled()).toBe(true);
  });
});
