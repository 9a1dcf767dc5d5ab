import { describe, expect, it } from 'vitest';
import { shellQuote } from './joblog';

describe('shellQuote', () => {
  it('leaves plain words, quotes the rest, and keeps control characters off the line', () => {
    expect(shellQuote('/data/a-1.xml')).toBe('/data/a-1.xml');
    expect(shellQuote("/data/it's here.xml")).toBe(`'/data/it'\\''s here.xml'`);
    expect(shellQuote('/data/a\tb\n.xml')).toBe("$'/data/a\\x09b\\x0a.xml'");
    expect(shellQuote('/data/a\tb\n.xml')).not.toMatch(/[\t\n]/);
  });
});
