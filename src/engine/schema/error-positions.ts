/**
 * Byte offsets and columns for validity errors. libxml2 gives schema errors a line and no column
 * (0); the line is that of the `>` ending the element's start tag. Here each error gets the
 * offset of its line's start, and, when it is certain which tag on that line is the element's
 * (see flaggedTagStart), that tag's column and offset: enough for a reader to show the line with
 * a caret, without counting lines from the start of a big file.
 *
 * Lines count LF, CR LF and a lone CR once each, as xmlpool's scanner does. libxml2 counts only
 * LF: in a file whose lines end in a lone CR (old Mac text) its schema errors all stand on the
 * first line of the document (or of its batch), as `xmllint` reports them; converting would be
 * certain only where a tag can be placed, and is not attempted.
 */
import type { XmlError } from '../../shared/results';

/** A stretch of the file held in memory. */
export interface TextSpan {
  bytes: Uint8Array;
  /** File line, offset and column (in characters) of `bytes[0]`. */
  line: number;
  offset: number;
  column: number;
  /** How to read characters: UTF-8, one byte per character, or not at all (UTF-16). */
  charset: 'utf-8' | 'single-byte' | 'none';
  /** The document declares entities that may hold elements (see declaresMarkupEntities). */
  markupEntities: boolean;
}

const ENTITY_DECLARATION = Buffer.from('<!ENTITY');
/** What of a declaration is looked at; a value running on past it counts as holding markup. */
const DECLARATION_WINDOW = 4096;

/**
 * Whether the document's bytes (its prolog at least) declare a general entity whose value may
 * hold elements: a `<`, a character reference that may be one, or a parameter entity. An element
 * from such an entity gets a line counted within the entity's text, not the document's, so a tag
 * found on "its" line of the document would be another element's.
 */
export function declaresMarkupEntities(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = view.indexOf(ENTITY_DECLARATION); at >= 0; ) {
    const window = view.subarray(at, at + DECLARATION_WINDOW).toString('latin1');
    const declaration = /^<!ENTITY\s+(%?)[^\s]*\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC))/.exec(
      window,
    );
    if (declaration === null) return true;
    const value = declaration[2] ?? declaration[3];
    // Parameter entities hold no elements; external ones are never read for a document.
    if (declaration[1] === '' && value !== undefined && /[<%]|&#/.test(value)) return true;
    at = view.indexOf(ENTITY_DECLARATION, at + 1);
  }
  return false;
}

const LF = 0x0a;
const CR = 0x0d;

/** The name an element path ends with: `/a/b[3]/x:c[2]` → `x:c`. */
function lastElementName(path: string | undefined): string | null {
  if (path === undefined) return null;
  const step = path.slice(path.lastIndexOf('/') + 1);
  const bracket = step.indexOf('[');
  const name = bracket < 0 ? step : step.slice(0, bracket);
  return name === '' ? null : name;
}

/** Characters in bytes[from, to) (UTF-8: every byte that does not continue a sequence). */
function charsIn(bytes: Uint8Array, from: number, to: number, charset: TextSpan['charset']) {
  if (charset !== 'utf-8') return to - from;
  let chars = 0;
  for (let i = from; i < to; i++) if (((bytes[i] ?? 0) & 0xc0) !== 0x80) chars += 1;
  return chars;
}

/** The byte index after `count` characters from `from`. */
function bytesFor(bytes: Uint8Array, from: number, count: number, span: TextSpan): number {
  if (span.charset !== 'utf-8') return from + count;
  let at = from;
  let chars = 0;
  while (at < bytes.length && chars < count) {
    at += 1;
    while (at < bytes.length && ((bytes[at] ?? 0) & 0xc0) === 0x80) at += 1;
    chars += 1;
  }
  return at;
}

/** Start and end (before the line break) of each wanted line within the span. */
function findLines(span: TextSpan, wanted: ReadonlySet<number>): Map<number, [number, number]> {
  const found = new Map<number, [number, number]>();
  const { bytes } = span;
  let line = span.line;
  let start = 0;
  const last = Math.max(...wanted);
  for (let i = 0; i <= bytes.length && line <= last; i++) {
    const b = bytes[i];
    const end = i === bytes.length;
    if (!end && b !== LF && b !== CR) continue;
    if (wanted.has(line)) found.set(line, [start, i]);
    if (end) break;
    if (b === CR && bytes[i + 1] === LF) i += 1;
    line += 1;
    start = i + 1;
  }
  return found;
}

/**
 * Where on its line the start tag of the element an error is about begins, when that is certain;
 * else null. libxml2's line is where the element's start tag ends, so the tag must be the only
 * one of its name beginning on the line, and end there too; and no tag that began on an earlier
 * line may end on this one (`<record⏎ id="1x"><name/></record><record id="ok">`: the error on
 * line 2 about the first record must not point at the second). A tag running on from an earlier
 * line ends with a `>` before the line's first `<` (attribute values hold no `<`), so a line whose
 * text before its first `<` holds a `>` is left unplaced (that `>` may as well be text or the end
 * of a comment: unplaced is safe, a wrong tag is not).
 */
function flaggedTagStart(text: string, name: string): number | null {
  const firstMarkup = text.indexOf('<');
  if (text.slice(0, firstMarkup < 0 ? text.length : firstMarkup).includes('>')) return null;
  const tag = new RegExp(`<${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s/>]|$)`, 'g');
  const matches = [...text.matchAll(tag)];
  const only = matches.length === 1 ? matches[0] : undefined;
  if (only?.index === undefined) return null;
  return startTagEnds(text, only.index + only[0].length) ? only.index : null;
}

/** Whether the start tag whose attributes begin at `from` ends (`>`) within `text`. */
function startTagEnds(text: string, from: number): boolean {
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return true;
    }
  }
  return false;
}

function decode(bytes: Uint8Array, charset: TextSpan['charset']): string {
  return new TextDecoder(charset === 'utf-8' ? 'utf-8' : 'latin1').decode(bytes);
}

/** Fills in `offset` (and `column` where it can) of errors whose line lies in `span`. */
export function placeErrors(errors: readonly XmlError[], span: TextSpan): void {
  if (span.charset === 'none') return;
  const inSpan = errors.filter((error) => error.line !== null && error.line >= span.line);
  if (inSpan.length === 0) return;
  const lines = findLines(span, new Set(inSpan.map((error) => error.line ?? 0)));
  for (const error of inSpan) {
    const range = lines.get(error.line ?? 0);
    if (range === undefined) continue;
    const [start, end] = range;
    // The span's first line may begin before the span does.
    const leading = error.line === span.line ? span.column - 1 : 0;
    if (error.column !== null) {
      const at = bytesFor(span.bytes, start, Math.max(0, error.column - 1 - leading), span);
      error.offset = span.offset + at;
      continue;
    }
    error.offset = span.offset + start;
    const name = lastElementName(error.path);
    if (name === null || span.markupEntities) continue;
    const text = decode(span.bytes.subarray(start, end), span.charset);
    const tagAt = flaggedTagStart(text, name);
    if (tagAt === null) continue;
    const byteIndex = start + new TextEncoder().encode(text.slice(0, tagAt)).length;
    const adjusted = span.charset === 'utf-8' ? byteIndex : start + tagAt;
    error.offset = span.offset + adjusted;
    error.column = leading + charsIn(span.bytes, start, adjusted, span.charset) + 1;
  }
}
