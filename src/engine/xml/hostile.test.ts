/**
 * Hostile and awkward inputs: each gets a verdict with a clear message, quickly, without a crash
 * or a hang. Big inputs are generated in memory and streamed in 1 MiB chunks.
 */
import { describe, expect, it } from 'vitest';
import { scan, utf8 } from '../../../test/xml/scan';
import { XmlStreamScanner } from './stream-scanner';

const MiB = 1024 * 1024;

/** Streams head + `size` bytes of `fill` + tail through a scanner; returns elements and text bytes. */
function streamGenerated(head: string, fill: number, size: number, tail: string) {
  let textBytes = 0;
  const scanner = new XmlStreamScanner({
    text(n) {
      textBytes += n;
    },
  });
  scanner.write(utf8(head));
  const chunk = new Uint8Array(MiB).fill(fill);
  for (let done = 0; done < size; done += MiB)
    scanner.write(chunk.subarray(0, Math.min(MiB, size - done)));
  scanner.write(utf8(tail));
  scanner.end();
  return { elements: scanner.core?.elements, textBytes };
}

describe('hostile inputs', () => {
  it('accepts a single 60 MB text node', () => {
    expect(streamGenerated('<r>', 0x61, 60 * MiB, '</r>')).toEqual({
      elements: 1,
      textBytes: 60 * MiB,
    });
  });

  it('accepts a single 40 MB attribute value', () => {
    expect(streamGenerated('<r a="', 0x62, 40 * MiB, '"/>')).toEqual({ elements: 1, textBytes: 0 });
  });

  it('rejects a truncated 4 MB attribute value', () => {
    expect(() => streamGenerated('<r a="', 0x62, 4 * MiB, '')).toThrow(
      'unexpected end of document inside an attribute value',
    );
  });

  it('rejects binary (PNG) bytes named .xml', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const outcome = scan(png);
    expect(outcome.error).toMatchObject({ kind: 'encoding', line: 1, column: 1, offset: 0 });
    expect(outcome.error?.message).toMatch(/invalid UTF-8/);
  });

  it('rejects NUL bytes and other binary junk', () => {
    expect(scan(new Uint8Array([0, 0, 0, 0, 1, 2])).error?.kind).toBeDefined();
    expect(scan(new Uint8Array(1000)).error).toMatchObject({ line: 1, column: 1 });
  });

  it('points at a non-ASCII character outside the root, counting columns in characters', () => {
    const at = (text: string) => {
      const { line, column, offset } = scan(utf8(text)).error ?? {};
      return { line, column, offset };
    };
    expect(at('Йx')).toEqual({ line: 1, column: 1, offset: 0 });
    expect(at(' é')).toEqual({ line: 1, column: 2, offset: 1 });
    expect(at('€<r/>')).toEqual({ line: 1, column: 1, offset: 0 });
    expect(at('<r/>é')).toEqual({ line: 1, column: 5, offset: 4 });
    expect(at('<r/>\nЙ')).toEqual({ line: 2, column: 1, offset: 5 });
    expect(at('<r/>😀')).toEqual({ line: 1, column: 5, offset: 4 });
  });

  it('rejects a truncated document', () => {
    expect(scan(utf8('<r><a x="1">text')).error?.message).toBe(
      'unexpected end of document: <a> opened at 1:4 is not closed',
    );
    expect(scan(utf8('<r><a x="1')).error?.message).toBe(
      'unexpected end of document inside an attribute value',
    );
    expect(scan(utf8('<r><!-- abc')).error?.message).toBe(
      'unexpected end of document inside a comment (missing -->)',
    );
  });

  it('rejects a UTF-8 sequence cut by the end of the file', () => {
    expect(scan(new Uint8Array([...utf8('<r>'), 0xe2, 0x82])).error).toMatchObject({
      kind: 'encoding',
      message: 'truncated UTF-8 sequence at the end of the document',
      offset: 3,
    });
  });

  it('rejects an unclosed DOCTYPE and an unterminated internal subset', () => {
    expect(scan(utf8('<!DOCTYPE r [<!ENTITY a "x">')).error?.message).toMatch(
      /unexpected end of document/,
    );
  });
});
