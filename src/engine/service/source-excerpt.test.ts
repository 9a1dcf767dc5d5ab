import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSourceExcerpt, SOURCE_WINDOW_BYTES } from './source-excerpt';

const dir = mkdtempSync(join(tmpdir(), 'xmlpool-excerpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readSourceExcerpt', () => {
  it('gives the line around an offset, with the column in characters', async () => {
    const text = 'first\r\n  <é>ünïcode</é><x/>\r\nlast';
    const path = file('a.xml', text);
    const offset = Buffer.byteLength(text.slice(0, text.indexOf('<x/>')));
    expect(await readSourceExcerpt(path, offset, 'UTF-8')).toEqual({
      text: '  <é>ünïcode</é><x/>',
      column: 17,
      cutBefore: false,
      cutAfter: false,
    });
  });

  it('reads at most a window each side of the offset on a very long line', async () => {
    const long = `<r>${'a'.repeat(10 * SOURCE_WINDOW_BYTES)}<bad/>${'b'.repeat(10 * SOURCE_WINDOW_BYTES)}</r>`;
    const path = file('long.xml', long);
    const excerpt = await readSourceExcerpt(path, long.indexOf('<bad/>'), 'UTF-8');
    expect(excerpt.text.length).toBe(2 * SOURCE_WINDOW_BYTES);
    expect(excerpt.text.slice(excerpt.column - 1)).toMatch(/^<bad\/>/);
    expect(excerpt).toMatchObject({ cutBefore: true, cutAfter: true });
  });

  it('decodes UTF-16 and single-byte encodings', async () => {
    const text = '<a>\n<b>x</b>\n</a>';
    const utf16 = file(
      'u16.xml',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const at = 2 + 2 * text.indexOf('<b>');
    expect(await readSourceExcerpt(utf16, at, 'UTF-16LE')).toMatchObject({
      text: '<b>x</b>',
      column: 1,
    });
    const latin = file('l1.xml', Buffer.from('<a>\nçé<b/>\n</a>', 'latin1'));
    expect(await readSourceExcerpt(latin, 6, 'ISO-8859-1')).toMatchObject({
      text: 'çé<b/>',
      column: 3,
    });
  });
});
