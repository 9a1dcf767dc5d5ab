/**
 * The document buffer schema validation fills while the scanner reads: it holds exactly what was
 * appended, also past the planned size, and a reused buffer shows nothing of the last file.
 */
import { describe, expect, it } from 'vitest';
import { DocumentBytes } from './document-bytes';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const chunk = (value: string) => new TextEncoder().encode(value);

describe('DocumentBytes', () => {
  it('holds the chunks appended, in order, also when the file grew past its planned size', () => {
    const document = new DocumentBytes(4);
    for (const part of ['<a>', 'hello', '</a>']) document.append(chunk(part));
    expect(text(document.bytes())).toBe('<a>hello</a>');
    document.release();
  });

  it('gives the next, smaller file only its own bytes', () => {
    const first = new DocumentBytes(64);
    first.append(chunk('<long>a first document</long>'));
    first.release();
    const second = new DocumentBytes(8);
    second.append(chunk('<b/>'));
    expect(text(second.bytes())).toBe('<b/>');
    second.release();
  });
});
