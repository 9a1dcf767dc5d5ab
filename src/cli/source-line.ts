/**
 * The line of a file an error points at, for the human report's context: read from disk around
 * the error's byte offset (never the whole file: it may be gigabytes on one line), cut to the
 * terminal's width around the error, with a caret under it.
 */
import { open } from 'node:fs/promises';
import { forTerminal } from './terminal-text';
import { displayWidth } from './terminal-width';

/** How far either side of the error a line start or end is looked for. */
const REACH_BYTES = 16 * 1024;
const NEWLINE = 0x0a;
const ELLIPSIS = '…';

export interface SourceContext {
  /** The line (or the part of it around the error), safe for a terminal. */
  line: string;
  /** Spaces, then `^` under the error. */
  caret: string;
}

/** Encodings whose bytes this reader can decode; the context is skipped for any other. */
const READABLE = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

export function canShowSource(encoding: string | null): boolean {
  return encoding === null || READABLE.has(encoding.toLowerCase());
}

/**
 * The context of byte `offset` of `path`, `width` characters at most; null when the file can't
 * be read (it may have gone since the run).
 */
export async function sourceContext(
  path: string,
  offset: number,
  width: number,
): Promise<SourceContext | null> {
  let window: { bytes: Buffer; start: number };
  try {
    window = await readAround(path, offset);
  } catch {
    return null;
  }
  const { bytes, start } = window;
  const at = Math.min(offset - start, bytes.length);
  const lineStart = bytes.lastIndexOf(NEWLINE, at - 1) + 1;
  const newline = bytes.indexOf(NEWLINE, at);
  const lineEnd = newline === -1 ? bytes.length : newline;
  // Characters, not UTF-16 units, so an emoji before the error does not shift the caret.
  const before = [...bytes.subarray(lineStart, at).toString('utf8')];
  const after = [...bytes.subarray(at, lineEnd).toString('utf8').replace(/\r$/, '')];
  return cut(before, after, Math.max(20, width));
}

async function readAround(path: string, offset: number): Promise<{ bytes: Buffer; start: number }> {
  const handle = await open(path, 'r');
  try {
    const start = Math.max(0, offset - REACH_BYTES);
    const bytes = Buffer.alloc(offset - start + REACH_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
    return { bytes: bytes.subarray(0, bytesRead), start };
  } finally {
    await handle.close();
  }
}

/**
 * Keeps the error in view: at most a third of the width before it, the rest after, with `…`
 * where the line goes on. Each piece is escaped first, and measured in terminal columns (a wide
 * character takes two, a combining mark none), so the caret lines up with what is shown.
 */
function cut(before: string[], after: string[], width: number): SourceContext {
  const shownBefore = before.map(forTerminal);
  const shownAfter = after.map(forTerminal);
  const room = width - 2; // an ellipsis either side at most
  const maxBefore = Math.floor(room / 3);
  let head = '';
  let headLength = 0;
  for (let i = shownBefore.length - 1; i >= 0; i--) {
    const piece = shownBefore[i] ?? '';
    const width = displayWidth(piece);
    if (headLength + width > maxBefore) {
      head = `${ELLIPSIS}${head}`;
      headLength += 1;
      break;
    }
    head = piece + head;
    headLength += width;
  }
  let tail = '';
  let tailLength = 0;
  for (const piece of shownAfter) {
    const width = displayWidth(piece);
    if (headLength + tailLength + width > room) {
      tail += ELLIPSIS;
      break;
    }
    tail += piece;
    tailLength += width;
  }
  return { line: head + tail, caret: `${' '.repeat(headLength)}^` };
}
