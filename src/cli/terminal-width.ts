/**
 * How many terminal columns text takes, for placing a caret under a character of a source line:
 * combining marks and zero-width characters take none, East Asian wide and fullwidth characters
 * and emoji take two, everything else one. The ranges are those of wcwidth (Markus Kuhn's, as
 * terminals use), kept to the blocks a document is likely to hold; a dependency for the full
 * Unicode tables would be more than a caret needs.
 */

/** Zero width: combining marks, the zero-width space and joiners, the byte order mark. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\u200b-\u200d\u2060\ufeff]$/u;

/** [first, last] code points of two-column characters, in order. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x1f300, 0x1f64f], // pictographs, emoticons
  [0x1f900, 0x1f9ff], // supplemental symbols and pictographs
  [0x20000, 0x3fffd], // CJK extensions B and beyond
];

function charWidth(codePoint: number, char: string): number {
  if (ZERO_WIDTH.test(char)) return 0;
  for (const [first, last] of WIDE) {
    if (codePoint < first) return 1;
    if (codePoint <= last) return 2;
  }
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0, char);
  return width;
}
