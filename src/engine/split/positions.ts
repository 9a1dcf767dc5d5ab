/**
 * Turns chunk-relative line/column positions into absolute ones. A chunk reports how many line
 * breaks it crossed and how many characters follow the last one; adding those up over the
 * preceding chunks gives the position where the next chunk starts.
 */
import type { XmlError } from '../../shared/results';

export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in characters. */
  column: number;
}

export const DOCUMENT_START: TextPosition = { line: 1, column: 1 };

/** Position reached after scanning text with `lineBreaks` breaks and `charsSinceLastBreak` after the last one. */
export function advance(
  from: TextPosition,
  lineBreaks: number,
  charsSinceLastBreak: number,
): TextPosition {
  if (lineBreaks === 0) return { line: from.line, column: from.column + charsSinceLastBreak };
  return { line: from.line + lineBreaks, column: charsSinceLastBreak + 1 };
}

/** A position relative to a chunk that starts at `chunkStart`, made absolute. */
export function absolutePosition(relative: TextPosition, chunkStart: TextPosition): TextPosition {
  if (relative.line === 1) {
    return { line: chunkStart.line, column: chunkStart.column + relative.column - 1 };
  }
  return { line: chunkStart.line + relative.line - 1, column: relative.column };
}

/** Where the root element was opened, for messages about it; null when unknown. */
export interface RootOpening {
  name: string;
  at: TextPosition;
}

/**
 * The scanner names where an unclosed or mismatched element was opened ("opened at 3:5"). In a
 * chunk those positions are chunk-relative, and the root, opened before the chunk, has none: put
 * the absolute ones in, so the message reads exactly as in a sequential scan.
 */
function relocateMessage(
  message: string,
  chunkStart: TextPosition,
  root: RootOpening | null,
): string {
  let relocated = message.replace(
    / opened at (\d+):(\d+)/g,
    (_whole, line: string, column: string) => {
      const at = absolutePosition({ line: Number(line), column: Number(column) }, chunkStart);
      return ` opened at ${at.line}:${at.column}`;
    },
  );
  if (root) {
    const opened = `<${root.name}> opened at ${root.at.line}:${root.at.column}`;
    relocated = relocated
      .replace(`: <${root.name}> is not closed`, `: ${opened} is not closed`)
      .replace(
        new RegExp(`does not close <${escapeRegExp(root.name)}>$`),
        `does not close ${opened}`,
      );
  }
  return relocated;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An error positioned relative to a chunk that starts at `chunkStart`, made absolute. */
export function absoluteError(
  error: XmlError,
  chunkStart: TextPosition,
  root: RootOpening | null = null,
): XmlError {
  if (chunkStart.line === 1 && chunkStart.column === 1) return error;
  const message = relocateMessage(error.message, chunkStart, root);
  if (error.line === null || error.column === null) return { ...error, message };
  const at = absolutePosition({ line: error.line, column: error.column }, chunkStart);
  return { ...error, message, line: at.line, column: at.column };
}
