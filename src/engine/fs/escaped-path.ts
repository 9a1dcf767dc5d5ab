/**
 * File names that are not valid UTF-8. On Linux and macOS a file name is any bytes, but Node
 * hands names out as strings decoded as UTF-8, with U+FFFD for each invalid sequence: the name
 * then neither says which file it was nor opens it, and two names that differ only in invalid
 * bytes become the same string.
 *
 * Paths in xmlpool are strings in one escaped form instead: each byte that is not part of a valid
 * UTF-8 sequence is written `\xNN` (two lowercase hex digits), and a backslash that is itself
 * followed by `x` and two hex digits is written `\x5c`, so the form stays unambiguous. Every
 * other path, which is nearly all of them, reads exactly as before. The form is what results,
 * reports and output names show; `fsPath` turns it back into the bytes to open.
 *
 * Windows file names are UTF-16 and `\` is its path separator, so there nothing is escaped.
 */
import { isUtf8 } from 'node:buffer';

const ESCAPING = process.platform !== 'win32';
const BACKSLASH = 0x5c;
const LOWER_X = 0x78;

function isHexDigit(c: number | undefined): boolean {
  return (
    c !== undefined &&
    ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
  );
}

/** True when a backslash at `i` would read as an escape: it is followed by `x` and two hex digits. */
function looksEscaped(at: (i: number) => number | undefined, i: number): boolean {
  return at(i + 1) === LOWER_X && isHexDigit(at(i + 2)) && isHexDigit(at(i + 3));
}

/** Length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs or surrogates), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  if (b < 0x80) return 1;
  const continues = (k: number, low = 0x80, high = 0xbf) => {
    const c = bytes[i + k];
    return c !== undefined && c >= low && c <= high;
  };
  if (b >= 0xc2 && b <= 0xdf) return continues(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const low = b === 0xe0 ? 0xa0 : 0x80;
    const high = b === 0xed ? 0x9f : 0xbf;
    return continues(1, low, high) && continues(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const low = b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xf4 ? 0x8f : 0xbf;
    return continues(1, low, high) && continues(2) && continues(3) ? 4 : 0;
  }
  return 0;
}

const hex2 = (b: number) => `\\x${b.toString(16).padStart(2, '0')}`;

/** A path (or name) from its bytes, in the escaped form. */
export function escapePathBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!ESCAPING || (isUtf8(buffer) && !buffer.includes('\\x'))) return buffer.toString('utf8');
  const at = (i: number) => buffer[i];
  let out = '';
  let run = 0;
  let i = 0;
  while (i < buffer.length) {
    const length = sequenceLength(buffer, i);
    if (length > 0 && !(buffer[i] === BACKSLASH && looksEscaped(at, i))) {
      i += length;
      continue;
    }
    out += buffer.toString('utf8', run, i) + hex2(buffer[i] as number);
    i++;
    run = i;
  }
  return out + buffer.toString('utf8', run);
}

/**
 * A path given as a string (a command-line argument, a path from the UI) in the escaped form:
 * only a backslash that would read as an escape changes.
 */
export function escapePathText(path: string): string {
  if (!ESCAPING || !path.includes('\\x')) return path;
  const at = (i: number) => path.charCodeAt(i);
  let out = '';
  for (let i = 0; i < path.length; i++) {
    out += path.charCodeAt(i) === BACKSLASH && looksEscaped(at, i) ? hex2(BACKSLASH) : path[i];
  }
  return out;
}

/** What to hand the file system for an escaped path: its bytes when it holds escapes. */
export function fsPath(path: string): string | Buffer {
  if (!ESCAPING || !path.includes('\\x')) return path;
  const at = (i: number) => path.charCodeAt(i);
  const bytes: number[] = [];
  let run = 0;
  const flush = (end: number) => {
    if (end > run) bytes.push(...Buffer.from(path.slice(run, end), 'utf8'));
  };
  for (let i = 0; i < path.length; i++) {
    if (path.charCodeAt(i) !== BACKSLASH || !looksEscaped(at, i)) continue;
    flush(i);
    bytes.push(Number.parseInt(path.slice(i + 2, i + 4), 16));
    i += 3;
    run = i + 1;
  }
  // No escape after all (a backslash followed by other text): the string is the path.
  if (run === 0) return path;
  flush(path.length);
  return Buffer.from(bytes);
}
