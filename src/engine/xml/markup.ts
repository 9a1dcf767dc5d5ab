/**
 * Small markup constructs shared by the content scanner and the DTD parser: comments, processing
 * instructions and character references. Each starts with the cursor on the construct's '<' or
 * '&' and leaves it just past the end.
 */
import { codePointLabel, isXmlChar } from './chars';
import type { Cursor } from './cursor';

const DASH = 0x2d;

/** `<!-- ... -->`; '--' may not occur inside. */
export function skipComment(cur: Cursor): void {
  cur.pos += 4;
  const buf = cur.buf;
  for (;;) {
    let p = cur.pos;
    while (p < cur.end) {
      const b = buf[p] as number;
      if (b >= 0x20 && b < 0x80 && b !== DASH) p++;
      else break;
    }
    cur.pos = p;
    const b = cur.byteAt(p, 'inside a comment (missing -->)');
    if (b === DASH) {
      if (cur.byteAt(p + 1, 'inside a comment (missing -->)') === DASH) {
        if (cur.byteAt(p + 2, 'inside a comment (missing -->)') !== 0x3e) {
          cur.fail('syntax', "'--' is not allowed inside a comment");
        }
        cur.pos = p + 3;
        return;
      }
      cur.pos = p + 1;
    } else {
      cur.readChar('inside a comment (missing -->)');
    }
  }
}

/** `<?target ...?>`. The XML declaration is handled by the scanner, not here. */
export function skipProcessingInstruction(cur: Cursor): void {
  cur.pos += 2;
  cur.readName('as the processing instruction target');
  const nameLength = cur.nameEnd - cur.nameStart;
  if (cur.nameColon >= 0) {
    cur.pos = cur.nameStart;
    cur.fail('syntax', 'processing instruction targets must not contain a colon');
  }
  if (nameLength === 3) {
    const target = cur.decode(cur.nameStart, cur.nameEnd);
    if (target.toLowerCase() === 'xml') {
      cur.pos = cur.nameStart - 2;
      cur.fail(
        'syntax',
        target === 'xml'
          ? 'the XML declaration is only allowed at the very start of the document'
          : `the processing instruction target '${target}' is reserved`,
      );
    }
  }
  if (cur.lookingAt('?>')) {
    cur.pos += 2;
    return;
  }
  if (cur.skipSpace() === 0) {
    cur.fail('syntax', 'expected whitespace or "?>" after the processing instruction target');
  }
  const buf = cur.buf;
  for (;;) {
    let p = cur.pos;
    while (p < cur.end) {
      const b = buf[p] as number;
      if (b >= 0x20 && b < 0x80 && b !== 0x3f) p++;
      else break;
    }
    cur.pos = p;
    const b = cur.byteAt(p, 'inside a processing instruction (missing ?>)');
    if (b === 0x3f && cur.byteAt(p + 1, 'inside a processing instruction (missing ?>)') === 0x3e) {
      cur.pos = p + 2;
      return;
    }
    cur.readChar('inside a processing instruction (missing ?>)');
  }
}

/** `&#N;` or `&#xH;`: returns the code point after checking it is a legal XML Char. */
export function readCharRef(cur: Cursor): number {
  const start = cur.pos;
  let p = start + 2;
  let radix = 10;
  if (cur.byteAt(p, 'in a character reference') === 0x78) {
    radix = 16;
    p++;
  }
  let value = 0;
  let digits = 0;
  for (;;) {
    const b = cur.byteAt(p, 'in a character reference');
    if (b === 0x3b) break;
    let d = -1;
    if (b >= 0x30 && b <= 0x39) d = b - 0x30;
    else if (radix === 16 && b >= 0x61 && b <= 0x66) d = b - 0x61 + 10;
    else if (radix === 16 && b >= 0x41 && b <= 0x46) d = b - 0x41 + 10;
    if (d < 0) {
      cur.pos = p;
      cur.fail(
        'syntax',
        `invalid character reference: expected a ${radix === 16 ? 'hexadecimal ' : ''}digit or ';'`,
      );
    }
    value = Math.min(value * radix + d, 0x110000);
    digits++;
    p++;
  }
  if (digits === 0) {
    cur.pos = p;
    cur.fail('syntax', 'invalid character reference: no digits');
  }
  if (!isXmlChar(value)) {
    cur.pos = start;
    cur.fail(
      'syntax',
      `character reference refers to ${value > 0x10ffff ? 'a value beyond U+10FFFF' : codePointLabel(value)}, which is not allowed in XML`,
    );
  }
  cur.pos = p + 1;
  return value;
}
