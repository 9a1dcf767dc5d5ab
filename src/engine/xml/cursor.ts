/**
 * The byte cursor under the scanner: a window of UTF-8 bytes plus incremental position tracking
 * (line, column in characters, absolute byte offset) and the character-level reading helpers
 * shared by the content scanner and the DTD parser.
 *
 * Positions are plain JS numbers (exact to 2^53), never 32-bit integers.
 */
import {
  codePointLabel,
  isNameNonAscii,
  isNameStartNonAscii,
  isXmlChar,
  NAME_ASCII,
  NAME_START_ASCII,
} from './chars';
import { NEED_MORE, XmlScanError } from './errors';
import { NAME_HASH_MASK, NAME_HASH_SEED, nameHashStep } from './name-cache';

/** Maps a position in the (transcoded) UTF-8 stream back to a byte offset in the source file. */
export type SourceOffsetMap = (charIndex: number, astralChars: number) => number;

export class Cursor {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  /** Absolute offset (in the UTF-8 stream) of buf[0]. */
  base = 0;
  /** True when no bytes will follow the current window. */
  final = false;

  line = 1;
  /** Absolute offset of the first byte of the current line. */
  lineStart = 0;
  /** UTF-8 continuation bytes seen on the current line (column = bytes - extra). */
  lineExtra = 0;
  /** Of lineExtra, those in bytes already dropped from the window (the line began before it). */
  private lineExtraBeforeBase = 0;
  /** UTF-8 continuation bytes seen in total (maps UTF-8 offsets back to characters). */
  totalExtra = 0;
  /** Characters above U+FFFF seen in total (UTF-16 needs two code units for them). */
  astral = 0;
  /** Absolute offset of the last CR, so CR LF counts as one line break. */
  lastCR = -2;

  /** Set for transcoded input; null when the stream is the file's own UTF-8. */
  offsetMap: SourceOffsetMap | null = null;
  /** US-ASCII input: any byte >= 0x80 is an encoding error. */
  asciiOnly = false;
  /** Set while scanning an entity's replacement text: errors point at the reference instead. */
  label = '';

  // Results of readName(), as indexes into buf.
  nameStart = 0;
  nameEnd = 0;
  /** Index of the first colon in the name, or -1. */
  nameColon = -1;
  nameColons = 0;
  /**
   * NameCache hash of the name's bytes, folded in while scanning so the cache needs no second
   * pass; -1 when the name has non-ASCII characters (the cache then hashes it itself). Kept to
   * 30 bits so it stays a small integer: a full int32 in this field would be boxed per name.
   */
  nameHash = -1;

  column(): number {
    return this.base + this.pos - this.lineStart - this.lineExtra + 1;
  }

  sourceOffset(): number {
    const abs = this.base + this.pos;
    return this.offsetMap === null ? abs : this.offsetMap(abs - this.totalExtra, this.astral);
  }

  fail(
    kind: 'syntax' | 'encoding' | 'limit',
    message: string,
    related: { line: number; column: number } | null = null,
  ): never {
    throw new XmlScanError(
      kind,
      message,
      this.line,
      this.errorColumn(),
      this.sourceOffset(),
      related,
    );
  }

  /**
   * Moves the window's start to pos (buf[0..pos) is about to be dropped). Called between tokens,
   * where lineExtra counts exactly the line's continuation bytes before pos.
   */
  protected dropConsumed(): void {
    this.base += this.pos;
    this.lineExtraBeforeBase = this.lineStart < this.base ? this.lineExtra : 0;
  }

  /**
   * The column at pos, for an error. Many checks read ahead (a name, a character) and step back
   * to point at its start, leaving lineExtra counting characters past pos; so the line's
   * characters are counted afresh in the window, plus those of its dropped part (errors are rare,
   * and the count stops at pos).
   */
  private errorColumn(): number {
    const from = this.lineStart - this.base;
    if (from > this.pos) return this.column();
    let chars = from >= 0 ? 0 : -from - this.lineExtraBeforeBase;
    for (let p = Math.max(from, 0); p < this.pos; p++) {
      if (((this.buf[p] as number) & 0xc0) !== 0x80) chars++;
    }
    return chars + 1;
  }

  /** Ran out of bytes: wait for more, or fail when the input has ended. */
  more(what: string): never {
    if (!this.final) throw NEED_MORE;
    this.pos = this.end;
    this.fail(
      'syntax',
      what === '' ? 'unexpected end of document' : `unexpected end of document ${what}`,
    );
  }

  byteAt(p: number, what: string): number {
    if (p >= this.end) {
      this.pos = p;
      this.more(what);
    }
    return this.buf[p] as number;
  }

  /** Records a line break at index p (the byte is LF or CR). */
  newline(p: number, b: number): void {
    const abs = this.base + p;
    if (b === 0x0a && this.lastCR === abs - 1) {
      this.lineStart = abs + 1;
      return;
    }
    if (b === 0x0d) this.lastCR = abs;
    this.line++;
    this.lineStart = abs + 1;
    this.lineExtra = 0;
  }

  /**
   * Reads one character at pos, validates it (UTF-8 and XML Char), tracks lines, advances pos and
   * returns its code point.
   */
  readChar(what: string): number {
    const p = this.pos;
    if (p >= this.end) this.more(what);
    const b = this.buf[p] as number;
    if (b < 0x80) {
      if (b < 0x20) {
        if (b === 0x0a || b === 0x0d) this.newline(p, b);
        else if (b !== 0x09)
          this.fail('syntax', `character ${codePointLabel(b)} is not allowed in XML`);
      }
      this.pos = p + 1;
      return b;
    }
    return this.readMultiByte(what);
  }

  /**
   * The common case of readMultiByte without decoding into a code point: a complete, valid 2- or
   * 3-byte sequence at p that is an XML Char. Returns its length after counting its continuation
   * bytes, or 0 for anything else (4-byte, truncated, invalid, US-ASCII input), which callers
   * leave to readMultiByte. Small enough to be inlined into the text and attribute loops.
   */
  skipMultiByte(p: number): number {
    const buf = this.buf;
    const b = buf[p] as number;
    if (this.asciiOnly) return 0;
    if (b >= 0xc2 && b <= 0xdf) {
      // Every code point U+0080..U+07FF is an XML Char.
      if (p + 1 >= this.end || ((buf[p + 1] as number) & 0xc0) !== 0x80) return 0;
      this.lineExtra++;
      this.totalExtra++;
      return 2;
    }
    if (b >= 0xe0 && b <= 0xef) {
      if (p + 2 >= this.end) return 0;
      const c1 = buf[p + 1] as number;
      const c2 = buf[p + 2] as number;
      if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80) return 0;
      const cp = ((b & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
      // Overlong forms, surrogates and U+FFFE/U+FFFF take the slow path (which rejects them).
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0xfffd) return 0;
      this.lineExtra += 2;
      this.totalExtra += 2;
      return 3;
    }
    return 0;
  }

  /** Decodes and validates one UTF-8 sequence of 2..4 bytes at pos. */
  readMultiByte(_what: string): number {
    const p = this.pos;
    const buf = this.buf;
    const b = buf[p] as number;
    if (this.asciiOnly) {
      this.fail('encoding', `byte 0x${b.toString(16).toUpperCase()} is not valid US-ASCII`);
    }
    let len: number;
    let cp: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      len = 2;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      return this.badUtf8(b);
    }
    for (let i = 1; i < len; i++) {
      if (p + i >= this.end) {
        if (!this.final) throw NEED_MORE;
        return this.fail('encoding', `truncated UTF-8 sequence at the end of the document`);
      }
      const c = buf[p + i] as number;
      if ((c & 0xc0) !== 0x80) return this.badUtf8(b);
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return this.badUtf8(b);
    if (!isXmlChar(cp))
      this.fail('syntax', `character ${codePointLabel(cp)} is not allowed in XML`);
    this.pos = p + len;
    this.lineExtra += len - 1;
    this.totalExtra += len - 1;
    if (len === 4) this.astral++;
    return cp;
  }

  badUtf8(b: number): never {
    return this.fail(
      'encoding',
      `invalid UTF-8: byte 0x${b.toString(16).toUpperCase()} does not start a valid sequence (is the file in another encoding without an XML declaration saying so?)`,
    );
  }

  /** Skips S; returns how many bytes were skipped. May stop with NEED_MORE at the window end. */
  skipSpace(): number {
    const start = this.pos;
    let p = this.pos;
    const buf = this.buf;
    for (;;) {
      if (p >= this.end) {
        this.pos = p;
        this.more('');
      }
      const b = buf[p] as number;
      if (b === 0x20 || b === 0x09) p++;
      else if (b === 0x0a || b === 0x0d) {
        this.newline(p, b);
        p++;
      } else break;
    }
    this.pos = p;
    return p - start;
  }

  /**
   * Reads a Name at pos into nameStart/nameEnd/nameColon. A name must be followed by a byte that
   * is not a name byte, so at the window end this waits for more input.
   */
  readName(what: string): void {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let colon = -1;
    let colons = 0;
    let hash = NAME_HASH_SEED;
    let ascii = true;
    const first = this.byteAt(p, what);
    if (first < 0x80) {
      if (NAME_START_ASCII[first] !== 1) this.expectedName(what, first);
      hash = nameHashStep(hash, first);
      if (first === 0x3a) {
        colon = p;
        colons = 1;
      }
      p++;
    } else {
      ascii = false;
      const cp = this.readMultiByte(what);
      if (!isNameStartNonAscii(cp)) {
        this.pos = start;
        this.expectedName(what, cp);
      }
      p = this.pos;
    }
    for (;;) {
      if (p >= this.end) {
        this.pos = p;
        this.more(what);
      }
      const b = buf[p] as number;
      if (b < 0x80) {
        if (NAME_ASCII[b] !== 1) break;
        hash = nameHashStep(hash, b);
        if (b === 0x3a) {
          if (colon < 0) colon = p;
          colons++;
        }
        p++;
      } else {
        this.pos = p;
        const cp = this.readMultiByte(what);
        ascii = false;
        if (!isNameNonAscii(cp)) {
          this.pos = p;
          // A character that is not a name char ends the name; the caller judges it.
          this.lineExtra -= this.utf8Extra(cp);
          this.totalExtra -= this.utf8Extra(cp);
          if (cp > 0xffff) this.astral--;
          break;
        }
        p = this.pos;
      }
    }
    this.pos = p;
    this.nameStart = start;
    this.nameEnd = p;
    this.nameColon = colon;
    this.nameColons = colons;
    this.nameHash = ascii ? hash & NAME_HASH_MASK : -1;
  }

  private utf8Extra(cp: number): number {
    return cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
  }

  expectedName(what: string, c: number): never {
    const shown = c >= 0x21 && c < 0x7f ? `'${String.fromCharCode(c)}'` : codePointLabel(c);
    return this.fail('syntax', `expected a name ${what}, found ${shown}`);
  }

  /** Fails unless the bytes at pos are `literal` (ASCII); advances past them. */
  expectLiteral(literal: string, what: string): void {
    for (let i = 0; i < literal.length; i++) {
      const b = this.byteAt(this.pos + i, what);
      if (b !== literal.charCodeAt(i)) {
        this.pos += i;
        this.fail('syntax', `expected '${literal}' ${what}`);
      }
    }
    this.pos += literal.length;
  }

  /** True when the bytes at pos are `literal`; waits for more bytes when undecided. */
  lookingAt(literal: string): boolean {
    for (let i = 0; i < literal.length; i++) {
      const p = this.pos + i;
      if (p >= this.end) {
        if (!this.final) throw NEED_MORE;
        return false;
      }
      if (this.buf[p] !== literal.charCodeAt(i)) return false;
    }
    return true;
  }

  /**
   * Decodes bytes [start, end) of the buffer. Through a Buffer view of it (made again only when
   * the buffer changes): a third faster than TextDecoder on the short strings of names and text,
   * and it keeps a U+FEFF at the start of a range, which TextDecoder would take for a BOM.
   */
  decode(start: number, end: number): string {
    const buf = this.buf;
    if (buf !== this.viewed) {
      this.view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewed = buf;
    }
    // No encoding named: Node goes straight to its UTF-8 slice, skipping the encoding lookup.
    return this.view.toString(undefined, start, end);
  }

  private viewed: Uint8Array | null = null;
  private view: Buffer = Buffer.alloc(0);
}
