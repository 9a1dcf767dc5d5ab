/** Encodings: detection, transcoding with exact original byte offsets, and encoding errors. */
import { describe, expect, it } from 'vitest';
import { scan, utf8 } from '../../../test/xml/scan';

function utf16(text: string, littleEndian: boolean, bom = true): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const view = new DataView(out.buffer);
  let at = 0;
  if (bom) {
    view.setUint16(0, 0xfeff, littleEndian);
    at = 2;
  }
  for (let i = 0; i < text.length; i++, at += 2)
    view.setUint16(at, text.charCodeAt(i), littleEndian);
  return out;
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

describe('encodings', () => {
  it('UTF-8 without and with a byte order mark', () => {
    expect(scan(utf8('<r>é</r>')).encoding).toBe('UTF-8');
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('<r><1/></r>')]);
    expect(scan(withBom).error).toMatchObject({ line: 1, column: 5, offset: 3 + 4 });
  });

  it.each([true, false])(
    'UTF-16 with a BOM (little endian: %s), in 1-byte chunks too',
    (littleEndian) => {
      const doc = '<?xml version="1.0" encoding="UTF-16"?><r a="é">𝄞 text</r>';
      const bytes = utf16(doc, littleEndian);
      const outcome = scan(bytes);
      expect(outcome.error).toBeNull();
      expect(outcome.encoding).toBe(littleEndian ? 'UTF-16LE' : 'UTF-16BE');
      expect(outcome.events).toContain(`start r 1 @${2 + 2 * doc.indexOf('<r')} [a=é]`);
      expect(scan(bytes, 1)).toEqual(outcome);
    },
  );

  it('UTF-16 errors point at original byte offsets', () => {
    const doc = '<r>\n𝄞<1/></r>';
    const outcome = scan(utf16(doc, true));
    expect(outcome.error).toMatchObject({ line: 2, column: 3, offset: 2 + 2 * doc.indexOf('1') });
  });

  it('an unpaired surrogate in UTF-16 is an encoding error at its offset', () => {
    const bytes = utf16('<r>ab</r>', true);
    const view = new DataView(bytes.buffer);
    view.setUint16(2 + 2 * 4, 0xd800, true);
    expect(scan(bytes).error).toMatchObject({
      kind: 'encoding',
      offset: 2 + 2 * 4,
      line: 1,
      column: 5,
    });
  });

  it('a UTF-16 document declaring another encoding is rejected', () => {
    const outcome = scan(utf16('<?xml version="1.0" encoding="ISO-8859-1"?><r/>', true));
    expect(outcome.error).toMatchObject({ kind: 'encoding', line: 1, column: 31 });
  });

  it('ISO-8859-1 (Latin-1) maps every byte to the same code point', () => {
    const doc = '<?xml version="1.0" encoding="ISO-8859-1"?><r a="\u00e9">caf\u00e9 \u0080</r>';
    const outcome = scan(latin1(doc));
    expect(outcome).toMatchObject({ ok: true, encoding: 'ISO-8859-1' });
    expect(outcome.events).toContain(`start r 1 @${doc.indexOf('<r')} [a=é]`);
    // UTF-8 bytes of the text after transcoding: "café " + U+0080.
    expect(outcome.events).toContain('text 8');
    const broken = scan(latin1('<?xml version="1.0" encoding="latin1"?><r>\u00e9\u00e9<1/></r>'));
    expect(broken.error).toMatchObject({ column: 46, offset: 45 });
  });

  it('windows-1252 and other single-byte encodings go through TextDecoder', () => {
    const outcome = scan(latin1('<?xml version="1.0" encoding="windows-1252"?><r>\u0080</r>'));
    expect(outcome).toMatchObject({ ok: true, encoding: 'WINDOWS-1252' });
    expect(outcome.events).toContain('text 3'); // 0x80 is the euro sign in windows-1252
  });

  it('a byte undefined in the declared single-byte encoding is an error at its offset', () => {
    const doc = '<?xml version="1.0" encoding="ISO-8859-3"?><r>\u00a5</r>';
    expect(scan(latin1(doc)).error).toMatchObject({
      kind: 'encoding',
      offset: doc.indexOf('\u00a5'),
    });
  });

  it('US-ASCII rejects bytes >= 0x80', () => {
    const doc = '<?xml version="1.0" encoding="US-ASCII"?><r>\u00e9</r>';
    expect(scan(latin1(doc)).error).toMatchObject({
      kind: 'encoding',
      message: 'byte 0xE9 is not valid US-ASCII',
      offset: doc.indexOf('\u00e9'),
    });
  });

  it('an unsupported encoding is a clear error at the declaration', () => {
    const outcome = scan(utf8('<?xml version="1.0" encoding="EBCDIC-XYZ"?><r/>'));
    expect(outcome.error).toMatchObject({ kind: 'encoding', line: 1, column: 31 });
    expect(outcome.error?.message).toMatch(/EBCDIC-XYZ encoding is not supported/);
  });

  it('invalid UTF-8 is an encoding error at the bad byte', () => {
    const bytes = new Uint8Array([...utf8('<r>ok\n ab'), 0xc3, 0x28, ...utf8('</r>')]);
    expect(scan(bytes).error).toMatchObject({ kind: 'encoding', line: 2, column: 4, offset: 9 });
    expect(scan(bytes, 1)).toEqual(scan(bytes));
  });
});
