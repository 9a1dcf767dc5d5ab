import { describe, expect, it } from 'vitest';
import { outputPathFor } from './output-path';

const file = (path: string, relative: string) => ({ path, relative, size: 1, index: 0 });

describe('outputPathFor', () => {
  it('mirrors the relative path and swaps the extension', () => {
    expect(outputPathFor(file('/in/a/b.XML', 'a/b.XML'), '/out', 'json')).toEqual({
      ok: true,
      path: '/out/a/b.json',
    });
    expect(outputPathFor(file('/in/data.txt', 'data.txt'), '/out', 'ndjson')).toEqual({
      ok: true,
      path: '/out/data.txt.ndjson',
    });
  });

  it('refuses to leave the output folder or replace the input', () => {
    expect(outputPathFor(file('/in/x.xml', '../x.xml'), '/out', 'json').ok).toBe(false);
    expect(outputPathFor(file('/out/x.json', 'x.json'), '/out', 'json').ok).toBe(true);
    expect(outputPathFor(file('/out/x.json', 'x.xml'), '/out', 'json')).toMatchObject({
      ok: false,
    });
  });
});
