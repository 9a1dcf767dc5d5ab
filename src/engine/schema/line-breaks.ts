/**
 * Line counting as xmlpool's scanner counts: LF, CR LF and a lone CR are one line break each
 * (libxml2 counts LF only: the two differ in files whose lines end in a lone CR, see
 * error-positions.ts). Bytes are UTF-8 or a single-byte encoding (batches are never UTF-16).
 */
const LF = 0x0a;
const CR = 0x0d;

export interface LineEnd {
  /** Line breaks in the bytes. */
  breaks: number;
  /** Characters after the last break (or in all the bytes, when there is none). */
  charsAfter: number;
}

export function lineBreaks(bytes: Uint8Array, utf8: boolean): LineEnd {
  // indexOf is a native search: several times faster than a loop over every byte here.
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let breaks = 0;
  let lastBreakEnd = 0;
  for (let at = view.indexOf(LF); at >= 0; at = view.indexOf(LF, at + 1)) {
    breaks += 1;
    lastBreakEnd = at + 1;
  }
  for (let at = view.indexOf(CR); at >= 0; at = view.indexOf(CR, at + 1)) {
    // CR LF is one break, already counted at its LF.
    if (view[at + 1] === LF) continue;
    breaks += 1;
    lastBreakEnd = Math.max(lastBreakEnd, at + 1);
  }
  let charsAfter = bytes.length - lastBreakEnd;
  if (utf8) {
    charsAfter = 0;
    for (let i = lastBreakEnd; i < bytes.length; i++) {
      if (((bytes[i] ?? 0) & 0xc0) !== 0x80) charsAfter += 1;
    }
  }
  return { breaks, charsAfter };
}

/** The position after `bytes`, given the position (line, column) of their first byte. */
export function advance(
  position: { line: number; column: number },
  bytes: Uint8Array,
  utf8: boolean,
): { line: number; column: number } {
  const { breaks, charsAfter } = lineBreaks(bytes, utf8);
  return breaks === 0
    ? { line: position.line, column: position.column + charsAfter }
    : { line: position.line + breaks, column: charsAfter + 1 };
}
