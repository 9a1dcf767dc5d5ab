/**
 * The scanner's shortcuts for common input (inline 2-/3-byte UTF-8, entities that expand to plain
 * text) must give exactly what the general paths give, whatever the chunking.
 */
import { describe, expect, it } from 'vitest';
import { type ScanOutcome, scan, utf8 } from '../../../test/xml/scan';

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const bytes = parts.flatMap((part) => [...part]);
  return Uint8Array.from(bytes);
}

/** Scans with every chunk size from 1 to the document length; all outcomes must agree. */
function scanEveryChunking(bytes: Uint8Array): ScanOutcome {
  const whole = scan(bytes);
  for (let size = 1; size < bytes.length; size++) {
    expect(scan(bytes, size), `chunks of ${size} bytes`).toEqual(whole);
  }
  return whole;
}

describe('multi-byte characters', () => {
  it('counts columns in characters and offsets in bytes after 2-, 3- and 4-byte characters', () => {
    const line1 = '<r a="é€😀ж">é€😀ж<![CDATA[é€😀ж]]>';
    const line2 = 'ж€';
    const doc = `${line1}\n${line2}<1/></r>`;
    const outcome = scanEveryChunking(utf8(doc));
    expect(outcome.error).toMatchObject({
      line: 2,
      column: [...line2].length + 2,
      offset: utf8(`${line1}\n${line2}<`).length,
    });
  });

  it('reports text bytes of valid non-ASCII content exactly', () => {
    const text = 'é€ж한국어😀Ωﬁ';
    const outcome = scanEveryChunking(utf8(`<r b="${text}">${text}<![CDATA[${text}]]></r>`));
    expect(outcome.error).toBeNull();
    expect(outcome.events).toContain(`text ${2 * utf8(text).length}`);
  });

  const invalid: [string, number[]][] = [
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['U+FFFE', [0xef, 0xbf, 0xbe]],
    ['U+FFFF', [0xef, 0xbf, 0xbf]],
    ['an overlong 3-byte form', [0xe0, 0x80, 0xaf]],
    ['an overlong 2-byte form', [0xc1, 0xbf]],
    ['a lead byte without continuation', [0xe2, 0x41, 0x41]],
  ];
  for (const [label, sequence] of invalid) {
    for (const [where, before, after] of [
      ['text', '<r>ab', 'c</r>'],
      ['an attribute value', '<r a="ab', 'c"/>'],
      ['a CDATA section', '<r><![CDATA[ab', 'c]]></r>'],
    ] as const) {
      it(`rejects ${label} in ${where} at its first byte`, () => {
        const outcome = scanEveryChunking(concat(utf8(before), sequence, utf8(after)));
        expect(outcome.ok).toBe(false);
        expect(outcome.error).toMatchObject({ line: 1, offset: utf8(before).length });
      });
    }
  }

  it('rejects a 3-byte character cut off by the end of the document', () => {
    const outcome = scanEveryChunking(concat(utf8('<r>a'), [0xe2, 0x82]));
    expect(outcome.error).toMatchObject({ kind: 'encoding', offset: 4 });
  });
});

describe('entities that expand to plain text', () => {
  it('expand references to predefined entities in the replacement text', () => {
    const outcome = scanEveryChunking(
      utf8('<!DOCTYPE r [<!ENTITY c "Acme &amp; Söhne &lt;&gt;&quot;&apos;">]><r>&c;</r>'),
    );
    expect(outcome.error).toBeNull();
    expect(outcome.events).toContain(`text ${utf8('Acme & Söhne <>"\'').length}`);
  });

  it('still reject a literal ]]> in the replacement text', () => {
    const outcome = scan(utf8('<!DOCTYPE r [<!ENTITY c "a ]]> &amp;">]><r>&c;</r>'));
    expect(outcome.error?.message).toContain("']]>' is not allowed in character data");
  });

  it('still expand other entity references in the replacement text', () => {
    const outcome = scan(
      utf8('<!DOCTYPE r [<!ENTITY w "wide"><!ENTITY c "&amp; &w;">]><r>&c;</r>'),
    );
    expect(outcome.error).toBeNull();
    expect(outcome.events).toContain(`text ${'& wide'.length}`);
  });
});

describe('plain text skipped a word at a time', () => {
  const filler = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let at = 0; at < 8; at++) {
    const before = filler.slice(0, 12 + at);
    const after = filler.slice(at);
    it(`stops at a forbidden control character ${at} bytes into a word-aligned run`, () => {
      const outcome = scanEveryChunking(utf8(`<r>${before}\u0001${after}</r>`));
      expect(outcome.error).toMatchObject({
        message: 'character U+0001 is not allowed in XML',
        offset: 3 + before.length,
        column: 4 + before.length,
      });
    });

    it(`stops at ']]>' ${at} bytes into a word-aligned run`, () => {
      const outcome = scanEveryChunking(utf8(`<r>${before}]]>${after}</r>`));
      expect(outcome.error).toMatchObject({ offset: 3 + before.length });
    });

    it(`counts text around references, tabs, line breaks and é at ${at}`, () => {
      const pieces = ['&amp;', '\t', '\n', 'é', ']', '\u007f'];
      const body = pieces.map((piece) => `${before}${piece}${after}`).join('');
      const outcome = scanEveryChunking(utf8(`<r>${body}</r>`));
      expect(outcome.error).toBeNull();
      const expected = utf8(body.replace('&amp;', '&')).length;
      expect(outcome.events).toContain(`text ${expected}`);
    });
  }
});
