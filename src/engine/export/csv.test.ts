import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './csv';

describe('RFC 4180 CSV', () => {
  it('leaves plain fields alone', () => {
    expect(csvRecord(['a.xml', true, 12, null])).toBe('a.xml,true,12,\r\n');
  });

  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('guards text cells that a spreadsheet would run as a formula, with a single quote', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = `${start}HYPERLINK("http://evil.example","x")`;
      const written = parseRfc4180(csvRecord([cell]))[0]?.[0];
      expect(written, JSON.stringify(cell)).toBe(`'${cell}`);
    }
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('-a.xml')).toBe("'-a.xml");
    // Only the first character counts, and plain text is left alone.
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(' =1')).toBe(' =1');
    expect(csvField("'quoted")).toBe("'quoted");
  });

  it('leaves numbers we write as numbers, negative ones too, but guards the same text', () => {
    expect(csvRecord([-3, -0.5, 12, true])).toBe('-3,-0.5,12,true\r\n');
    expect(csvField('-3')).toBe("'-3");
  });

  it('round-trips through a strict RFC 4180 reader', () => {
    const fields = ['plain', 'with,comma', 'with "quote"', 'multi\r\nline', ''];
    expect(parseRfc4180(csvRecord(fields))).toEqual([fields]);
  });
});

/** A minimal strict reader, independent of the writer, to check what the writer emits. */
function parseRfc4180(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) throw new Error('unterminated quote');
        field += text.slice(i, close);
        i = close + 1;
        if (text[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') field += text[i++];
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected character at ${i}`);
  }
  return rows;
}
