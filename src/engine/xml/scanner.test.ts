/** Well-formedness errors: each class gets a clear message at the right position. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scan, utf8 } from '../../../test/xml/scan';
import { XmlStreamScanner } from './stream-scanner';

function errorOf(doc: string) {
  const outcome = scan(utf8(doc));
  expect(outcome.ok).toBe(false);
  if (outcome.error === null) throw new Error('expected an error');
  return outcome.error;
}

describe('well-formed documents', () => {
  it('reports elements, attributes on demand, text and namespaces', () => {
    const outcome = scan(
      utf8(
        '<?xml version="1.0"?>\n<r xmlns="urn:d" xmlns:p="urn:p"><p:a p:x="1" y="a&amp;b">t&lt;&#233;</p:a><b/></r>',
      ),
    );
    expect(outcome.error).toBeNull();
    expect(outcome.events).toEqual([
      'ns =urn:d',
      'ns p=urn:p',
      'start r 1 @22 [xmlns=urn:d xmlns:p=urn:p]',
      'start p:a 2 @55 [p:x=1 y=a&b]',
      'text 4',
      'end p:a 2',
      'start b 2 @97 []',
      'end b 2',
      'end r 1',
    ]);
  });

  it('expands internal entities, including markup in content', () => {
    const outcome = scan(
      utf8('<!DOCTYPE r [<!ENTITY e "<i>x</i>"><!ENTITY t "&#38;#60;">]><r a="&t;">&e;&t;</r>'),
    );
    // &t;'s replacement text is the character reference &#60;, so '<' is allowed in the attribute.
    expect(outcome.error).toBeNull();
    expect(outcome.events).toContain('start i 2 @71 []');
  });
});

describe('error classes', () => {
  it.each([
    [
      'mismatched end tag',
      '<r>\n  <item>\n</itme></r>',
      '</itme> does not close <item> opened at 2:3',
      3,
      1,
    ],
    ['end tag without start', '<r></r></x>', 'end tag </x> has no matching start tag', 1, 8],
    [
      'unclosed element at end',
      '<r><a>',
      'unexpected end of document: <a> opened at 1:4 is not closed',
      1,
      7,
    ],
    ['bad name start', '<r><1a/></r>', "expected a name after '<', found '1'", 1, 5],
    [
      'missing attribute value quotes',
      '<r a=1/>',
      "expected a quoted value for the attribute 'a' in <r>",
      1,
      6,
    ],
    ['duplicate attribute', '<r a="1" a="2"/>', "attribute 'a' appears twice in <r>", 1, 10],
    [
      '< in attribute value',
      '<r a="x<y"/>',
      "'<' is not allowed in attribute values (write &lt;)",
      1,
      8,
    ],
    [
      'undeclared prefix',
      '<r><p:a/></r>',
      "the namespace prefix 'p' in <p:a> is not declared",
      1,
      4,
    ],
    [
      'namespace-expanded duplicate',
      '<r xmlns:a="u" xmlns:b="u"><e a:x="1" b:x="2"/></r>',
      "attributes 'a:x' and 'b:x' of <e> have the same namespace and local name",
      1,
      28,
    ],
    [
      'empty prefixed namespace',
      '<r xmlns:a=""/>',
      'xmlns:a="" is not allowed (Namespaces in XML 1.0)',
      1,
      1,
    ],
    [
      'bad character reference',
      '<r>&#0;</r>',
      'character reference refers to U+0000, which is not allowed in XML',
      1,
      4,
    ],
    ['forbidden character', '<r>\u0001</r>', 'character U+0001 is not allowed in XML', 1, 4],
    ['undeclared entity', '<r>&nope;</r>', "entity 'nope' is not declared", 1, 4],
    ['-- in comment', '<r><!-- a -- b --></r>', "'--' is not allowed inside a comment", 1, 11],
    [
      'PI target xml',
      '<r><?xml version="1.0"?></r>',
      'the XML declaration is only allowed at the very start of the document',
      1,
      4,
    ],
    [
      'reserved PI target',
      '<r><?XmL x?></r>',
      "the processing instruction target 'XmL' is reserved",
      1,
      4,
    ],
    [
      'unterminated CDATA',
      '<r><![CDATA[abc',
      'unexpected end of document inside a CDATA section (missing ]]>)',
      1,
      16,
    ],
    [']]> in text', '<r>a]]>b</r>', "']]>' is not allowed in character data", 1, 5],
    [
      'two roots',
      '<a/><b/>',
      'only one root element is allowed: <b> comes after the root element </a>',
      1,
      5,
    ],
    ['text after root', '<a/>x', 'text is not allowed after the root element </a>', 1, 5],
    [
      'text before root',
      'hello',
      'text is not allowed before the root element (is this an XML file?)',
      1,
      1,
    ],
    [
      'late XML declaration',
      ' <?xml version="1.0"?><r/>',
      'the XML declaration is only allowed at the very start of the document',
      1,
      2,
    ],
    [
      'DOCTYPE after root',
      '<r/><!DOCTYPE r>',
      'the DOCTYPE must come before the root element',
      1,
      5,
    ],
    [
      'PE reference inside a declaration',
      '<!DOCTYPE r [<!ENTITY e "%p;">]><r/>',
      'parameter-entity references are not allowed inside markup declarations in the internal subset',
      1,
      26,
    ],
    [
      'bad content model',
      '<!DOCTYPE r [<!ELEMENT r (a|b,c)>]><r/>',
      "'|' and ',' cannot be mixed in one content model group",
      1,
      30,
    ],
    [
      'recursive entity',
      '<!DOCTYPE r [<!ENTITY e "&e;">]><r>&e;</r>',
      "entity 'e' refers to itself (in entity 'e')",
      1,
      36,
    ],
    [
      'entity with < in attribute',
      '<!DOCTYPE r [<!ENTITY e "<">]><r a="&e;"/>',
      "entity 'e' contains '<', which is not allowed in an attribute value",
      1,
      37,
    ],
    [
      'entity not balanced',
      '<!DOCTYPE r [<!ENTITY e "<a>">]><r>&e;</r>',
      "<a> is not closed within the entity (in entity 'e')",
      1,
      36,
    ],
    [
      'unparsed entity in content',
      '<!DOCTYPE r [<!NOTATION n SYSTEM "n"><!ENTITY u SYSTEM "u" NDATA n>]><r>&u;</r>',
      "reference to the unparsed entity 'u' in content",
      1,
      73,
    ],
    [
      ']]> from an entity in content',
      '<!DOCTYPE r [<!ENTITY e "a]]>b">]>\n<r>x&e;</r>',
      "']]>' is not allowed in character data (in entity 'e')",
      2,
      5,
    ],
    [
      ']]> from a character reference in an entity value',
      '<!DOCTYPE r [<!ENTITY e "]]&#62;">]><r>&e;</r>',
      "']]>' is not allowed in character data (in entity 'e')",
      1,
      40,
    ],
    [
      'element name whose local part starts with a digit',
      '<r xmlns:p="urn:p">\n  <p:1a/></r>',
      "'p:1a' is not a valid qualified name: the part after the colon must start with a letter or '_' (Namespaces in XML 1.0)",
      2,
      4,
    ],
    [
      'attribute name whose local part starts with a digit',
      '<r xmlns:b="urn:b" b:1c="x"/>',
      "'b:1c' is not a valid qualified name: the part after the colon must start with a letter or '_' (Namespaces in XML 1.0)",
      1,
      20,
    ],
    [
      'namespace prefix declared starting with a dot',
      '<r xmlns:.p="urn:p"/>',
      "'xmlns:.p' is not a valid qualified name: the part after the colon must start with a letter or '_' (Namespaces in XML 1.0)",
      1,
      4,
    ],
    [
      'namespace prefix declared as a hyphen, after non-ASCII text',
      '<é a="ü" xmlns:-="urn:p"/>',
      "'xmlns:-' is not a valid qualified name: the part after the colon must start with a letter or '_' (Namespaces in XML 1.0)",
      1,
      10,
    ],
    [
      'local part starting with a combining mark',
      '<r xmlns:p="urn:p"><p:\u0300a/></r>',
      "'p:\u0300a' is not a valid qualified name: the part after the colon must start with a letter or '_' (Namespaces in XML 1.0)",
      1,
      21,
    ],
    ['empty document', '', 'the document is empty', 1, 1],
    ['whitespace only', ' \n\t ', 'no root element found', 2, 3],
  ])('%s', (_label, doc, message, line, column) => {
    const error = errorOf(doc);
    expect(error.message).toBe(message);
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.kind).toBe('syntax');
  });

  it('accepts ]]> from an entity in an attribute value, and ]] > split by a reference', () => {
    for (const doc of [
      '<!DOCTYPE r [<!ENTITY e "]]>">]><r a="&e;"/>',
      '<!DOCTYPE r [<!ENTITY e "]]&gt;">]><r>&e;</r>',
      '<!DOCTYPE r [<!ENTITY a "]]"><!ENTITY b "&a;>">]><r>&b;</r>',
      '<r xmlns:p="urn:p" xmlns:é="urn:e"><p:_a p:é="1"/><é:Ω/></r>',
    ]) {
      expect(scan(utf8(doc)).error, doc).toBeNull();
    }
  });

  it('reports the new errors at the same place in 1-byte chunks', () => {
    for (const doc of [
      '<!DOCTYPE r [<!ENTITY e "a]]>b">]>\n<r>x&e;</r>',
      '<r xmlns:p="urn:p">\n  <p:\u00b7a/></r>',
      '<é xmlns:\u203fp="urn:p"/>',
    ]) {
      expect(scan(utf8(doc), 1).error, doc).toEqual(scan(utf8(doc)).error);
      expect(scan(utf8(doc)).ok, doc).toBe(false);
    }
  });

  it('counts columns in characters and offsets in bytes', () => {
    const error = errorOf('<r>ééé\n€€<1/></r>');
    expect(error).toMatchObject({ line: 2, column: 4, offset: 3 + 6 + 1 + 6 + 1 });
  });

  it('treats CR LF and lone CR as one line break each', () => {
    expect(errorOf('<r>\r\n\r<1/></r>')).toMatchObject({ line: 3, column: 2 });
  });
});

describe('text strings', () => {
  it('gives one line break for a CR LF cut between two writes, in text and in CDATA', () => {
    for (const doc of ['<r>a\r\nb</r>', '<r><![CDATA[a\r\nb]]></r>']) {
      const cut = doc.indexOf('\n');
      const parts: string[] = [];
      let bytes = 0;
      const scanner = new XmlStreamScanner(
        {
          text: (count, text) => {
            bytes += count;
            if (text !== null) parts.push(text);
          },
        },
        { textStrings: true },
      );
      scanner.write(utf8(doc.slice(0, cut)));
      scanner.write(utf8(doc.slice(cut)));
      scanner.end();
      expect(parts.join(''), doc).toBe('a\nb');
      expect(bytes, doc).toBe(3);
    }
  });

  /** Text pieces as [string or null, bytes], with needsText true only inside <keep>. */
  function pieces(doc: string, chunk: number): [string | null, number][] {
    const seen: [string | null, number][] = [];
    let keep = 0;
    const scanner = new XmlStreamScanner(
      {
        startElement: (name) => {
          if (name === 'keep') keep++;
        },
        endElement: (name) => {
          if (name === 'keep') keep--;
        },
        text: (bytes, text) => seen.push([text, bytes]),
        needsText: () => keep > 0,
      },
      { textStrings: true },
    );
    const bytes = utf8(doc);
    for (let i = 0; i < bytes.length; i += chunk) scanner.write(bytes.subarray(i, i + chunk));
    scanner.end();
    return seen;
  }

  it('decodes text only where the handler needs it, and counts every byte the same', () => {
    const doc =
      '<!DOCTYPE r [<!ENTITY m "<keep>in é</keep>out">]>' +
      '<r>skip é\r\n<keep>a\r\nb<![CDATA[<c>]]>&#233;</keep>&m;<x><![CDATA[no]]></x></r>';
    for (const chunk of [1, 3, doc.length]) {
      const seen = pieces(doc, chunk);
      const kept = seen.filter(([text]) => text !== null).map(([text]) => text);
      expect(kept.join(''), `chunk ${chunk}`).toBe('a\nb<c>éin é');
      // Text outside <keep> arrives, as bytes only: the counts do not depend on the decoding.
      const skipped = seen.filter(([text]) => text === null).reduce((n, [, b]) => n + b, 0);
      expect(skipped, `chunk ${chunk}`).toBe(utf8('skip é\n').length + 'out'.length + 'no'.length);
    }
  });

  it('gives white space between elements exactly as written, line ends normalised', () => {
    // Indentation strings are made once, not decoded (scanner.ts, indentation()): any run of
    // white space, and its neighbours, must still come out as XML reads it.
    const space = fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', 'x', 'é');
    const run = fc.oneof(
      fc.array(space, { maxLength: 6 }).map((parts) => parts.join('')),
      fc
        .tuple(fc.constantFrom('', '\n', '\r\n', '\r'), fc.constantFrom(' ', '\t'), fc.nat(70))
        .map(([line, fill, n]) => `${line}${fill.repeat(n)}`),
    );
    fc.assert(
      fc.property(
        fc.array(run, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        (runs, chunk) => {
          const doc = `<r>${runs.map((text) => `${text}<e/>`).join('')}</r>`;
          const texts: string[] = [];
          let current = '';
          const scanner = new XmlStreamScanner(
            {
              startElement: () => {
                texts.push(current);
                current = '';
              },
              text: (_bytes, text) => {
                current += text ?? '';
              },
            },
            { textStrings: true },
          );
          const bytes = utf8(doc);
          for (let i = 0; i < bytes.length; i += chunk) scanner.write(bytes.subarray(i, i + chunk));
          scanner.end();
          // The first start is the root's, with no text before it.
          expect(texts.slice(1)).toEqual(runs.map((text) => text.replace(/\r\n?/g, '\n')));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('limits', () => {
  it('stops nesting at maxDepth with a clear error, without recursion', () => {
    const depth = 200_000;
    const doc = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    const outcome = scan(utf8(doc), 64 * 1024);
    expect(outcome.error).toMatchObject({
      kind: 'limit',
      message: 'elements are nested deeper than the limit of 10000 (maxDepth)',
    });
  });

  it('accepts 100,000-deep nesting when the limit allows it', () => {
    const depth = 100_000;
    const bytes = utf8(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`);
    const outcome = scan(bytes, 64 * 1024, {
      limits: {
        maxDepth: 200_000,
        maxEntityExpansions: 100_000,
        maxEntityExpandedChars: 10_000_000,
      },
    });
    expect(outcome.error).toBeNull();
  });

  it('stops a billion-laughs entity bomb', () => {
    let dtd = '<!ENTITY l0 "lol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    const content = scan(utf8(`<!DOCTYPE r [${dtd}]><r>&l9;</r>`));
    expect(content.error?.kind).toBe('limit');
    expect(content.error?.message).toMatch(/entity bomb/);
    const attribute = scan(utf8(`<!DOCTYPE r [${dtd}]><r a="&l9;"/>`));
    expect(attribute.error?.kind).toBe('limit');
  });

  it('does not let predefined references in attribute values pay for a bomb', () => {
    // Each nested level expands 10 references: 1,110 in all, over a limit of 1,000.
    let dtd = '<!ENTITY l0 "lol">';
    for (let i = 1; i <= 3; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    const limits = { maxDepth: 100, maxEntityExpansions: 1_000, maxEntityExpandedChars: 1e9 };
    const padding = '<p a="&gt;&amp;&lt;&quot;&apos;"/>'.repeat(100);
    const outcome = scan(utf8(`<!DOCTYPE r [${dtd}]><r>${padding}<b a="&l3;"/></r>`), undefined, {
      limits,
    });
    expect(outcome.error).toMatchObject({ kind: 'limit' });
    expect(outcome.error?.message).toMatch(/too many entity expansions/);
  });

  it('stops quadratic blow-up', () => {
    const big = 'x'.repeat(100_000);
    const doc = `<!DOCTYPE r [<!ENTITY a "${big}">]><r>${'&a;'.repeat(200)}</r>`;
    expect(scan(utf8(doc)).error).toMatchObject({ kind: 'limit' });
  });

  it('never reads external entities', () => {
    const doc = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    const outcome = scan(utf8(doc));
    expect(outcome.error).toBeNull();
    expect(outcome.events).toEqual(['start r 1 @54 []', 'end r 1']);
    expect(
      scan(utf8('<!DOCTYPE r [<!ENTITY x SYSTEM "/etc/passwd">]><r a="&x;"/>')).error?.message,
    ).toBe("attribute values cannot refer to the external entity 'x'");
  });
});
