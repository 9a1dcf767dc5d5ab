/** Where a schema's compile error is, as its message names it. */
import { describe, expect, it } from 'vitest';
import { compileErrorLocation } from './compile';
import { LEVEL, type RawError } from './libxml2';

const error = (file: string | null, line: number): RawError => ({
  level: LEVEL.ERROR,
  line,
  column: 0,
  message: 'm',
  file,
  path: () => null,
});

describe('where a compile error is', () => {
  it('names the file and line, the file alone when libxml2 gives no line, never line 0', () => {
    expect(compileErrorLocation(error('/s/a.xsd', 3), '/s/main.xsd')).toBe('/s/a.xsd:3');
    expect(compileErrorLocation(error('file:///s/a%20b.dtd', 9), '/s/main.xsd')).toBe(
      '/s/a b.dtd:9',
    );
    expect(compileErrorLocation(error('/s/a.xsd', 0), '/s/main.xsd')).toBe('/s/a.xsd');
    expect(compileErrorLocation(error(null, 0), '/s/main.xsd')).toBe('/s/main.xsd');
    expect(compileErrorLocation(error(null, 4), '/s/main.xsd')).toBe('line 4');
  });
});
