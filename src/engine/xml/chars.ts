/**
 * Character classes of XML 1.0 (5th edition). ASCII is answered by 256-entry tables so the hot
 * loops index an array instead of comparing ranges; non-ASCII code points take the exact path.
 */

function table(predicate: (byte: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++) t[b] = predicate(b) ? 1 : 0;
  return t;
}

const isAsciiLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const isAsciiDigit = (b: number) => b >= 0x30 && b <= 0x39;

/** ASCII bytes that may start a name (the colon is handled by the namespace rules). */
export const NAME_START_ASCII = table(
  (b) => b < 0x80 && (isAsciiLetter(b) || b === 0x5f || b === 0x3a),
);

/** ASCII bytes that may continue a name. */
export const NAME_ASCII = table(
  (b) =>
    b < 0x80 &&
    (isAsciiLetter(b) || isAsciiDigit(b) || b === 0x5f || b === 0x3a || b === 0x2d || b === 0x2e),
);

/**
 * Bytes of character data that need no attention: printable ASCII other than `<`, `&`, `]`.
 * Everything else (line breaks, controls, non-ASCII lead bytes, markup) leaves the fast loop.
 */
export const TEXT_PLAIN = table(
  (b) => b >= 0x20 && b < 0x80 && b !== 0x3c && b !== 0x26 && b !== 0x5d,
);

/** Bytes of an attribute value that need no attention (quotes, `<`, `&` and line breaks do). */
export const ATTR_PLAIN = table(
  (b) => b >= 0x20 && b < 0x80 && b !== 0x3c && b !== 0x26 && b !== 0x22 && b !== 0x27,
);

/** PubidChar ::= #x20 | #xD | #xA | [a-zA-Z0-9] | [-'()+,./:=?;!*#@$_%] */
export const PUBID_ASCII = table(
  (b) =>
    b === 0x20 ||
    b === 0x0d ||
    b === 0x0a ||
    isAsciiLetter(b) ||
    isAsciiDigit(b) ||
    "-'()+,./:=?;!*#@$_%".includes(String.fromCharCode(b)),
);

/** NameStartChar for code points >= 0x80. */
export function isNameStartNonAscii(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0xeffff)
  );
}

/** NameChar for code points >= 0x80. */
export function isNameNonAscii(c: number): boolean {
  return (
    isNameStartNonAscii(c) ||
    c === 0xb7 ||
    (c >= 0x300 && c <= 0x36f) ||
    (c >= 0x203f && c <= 0x2040)
  );
}

/**
 * True when the character at `i` of valid UTF-8 `buf` may start an NCName (a NameStartChar other
 * than the colon): the part of a qualified name after its colon must (Namespaces in XML 1.0).
 */
export function startsNcName(buf: Uint8Array, i: number): boolean {
  const b = buf[i] as number;
  if (b < 0x80) return b !== 0x3a && NAME_START_ASCII[b] === 1;
  const c1 = (buf[i + 1] as number) & 0x3f;
  if (b < 0xe0) return isNameStartNonAscii(((b & 0x1f) << 6) | c1);
  const c2 = (buf[i + 2] as number) & 0x3f;
  if (b < 0xf0) return isNameStartNonAscii(((b & 0x0f) << 12) | (c1 << 6) | c2);
  const c3 = (buf[i + 3] as number) & 0x3f;
  return isNameStartNonAscii(((b & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3);
}

export function isNameStartCode(c: number): boolean {
  return c < 0x80 ? NAME_START_ASCII[c] === 1 : isNameStartNonAscii(c);
}

export function isNameCode(c: number): boolean {
  return c < 0x80 ? NAME_ASCII[c] === 1 : isNameNonAscii(c);
}

/** Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
export function isXmlChar(c: number): boolean {
  return c >= 0x20
    ? c <= 0xd7ff || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
    : c === 0x09 || c === 0x0a || c === 0x0d;
}

export function isSpaceByte(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x09 || b === 0x0d;
}

/** "U+00E9" style label for messages. */
export function codePointLabel(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Bytes the code point takes in UTF-8. */
export function utf8Length(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}
