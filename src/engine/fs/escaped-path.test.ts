import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapePathBytes, escapePathText, fsPath } from './escaped-path';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => Buffer.from(part)));

/** The bytes fsPath gives for a path, a string path being its UTF-8. */
const bytesOf = (path: string) => {
  const opened = fsPath(path);
  return typeof opened === 'string' ? Buffer.from(opened, 'utf8') : opened;
};

describe.skipIf(process.platform === 'win32')('escaped paths', () => {
  it('writes each invalid byte as \\xNN and leaves valid names as they are', () => {
    expect(escapePathBytes(bytes('/data/caf', [0xe9], '.xml'))).toBe('/data/caf\\xe9.xml');
    expect(escapePathBytes(bytes('/data/café €.xml'))).toBe('/data/café €.xml');
    // A truncated sequence, an overlong form, a surrogate: every byte of them escaped.
    expect(escapePathBytes(bytes([0xe2, 0x82], 'a'))).toBe('\\xe2\\x82a');
    expect(escapePathBytes(bytes([0xc0, 0xaf]))).toBe('\\xc0\\xaf');
    expect(escapePathBytes(bytes([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80');
    // Paths that need no escaping are the same strings, so fs calls get them unchanged.
    expect(fsPath('/data/café.xml')).toBe('/data/café.xml');
    expect(fsPath('C:\\data\\x.xml')).toBe('C:\\data\\x.xml');
  });

  it('keeps names that differ only in invalid bytes apart, and apart from a literal \\xNN', () => {
    const names = [
      bytes('a', [0xfe], '.xml'),
      bytes('a', [0xff], '.xml'),
      bytes('a\\xff.xml'),
      bytes('a\\x5c.xml'),
    ];
    const escaped = names.map(escapePathBytes);
    expect(escaped).toEqual(['a\\xfe.xml', 'a\\xff.xml', 'a\\x5cxff.xml', 'a\\x5cx5c.xml']);
    expect(escaped.map(bytesOf)).toEqual(names);
  });

  it('turns any bytes into a string and back (fast-check)', () => {
    const pathBytes = fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(0x5c, 0x78, 0x41, 0x66, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f),
      ),
      { maxLength: 24 },
    );
    fc.assert(
      fc.property(pathBytes, (list) => {
        const original = Buffer.from(list);
        const escaped = escapePathBytes(original);
        expect(bytesOf(escaped)).toEqual(original);
        // The escaped form is valid text: it survives JSON and UTF-8 files unchanged.
        expect(Buffer.from(escaped, 'utf8').toString('utf8')).toBe(escaped);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes a given path only where a backslash would read as an escape', () => {
    expect(escapePathText('/data/a.xml')).toBe('/data/a.xml');
    expect(escapePathText('/data/a\\b.xml')).toBe('/data/a\\b.xml');
    expect(escapePathText('/data/a\\x41.xml')).toBe('/data/a\\x5cx41.xml');
    expect(bytesOf(escapePathText('/data/a\\x41.xml')).toString()).toBe('/data/a\\x41.xml');
  });
});
