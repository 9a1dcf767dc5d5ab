import type { ErrorKind } from '../../shared/results';

/** The first fatal error of a scan, with its position. */
export class XmlScanError extends Error {
  constructor(
    readonly kind: Extract<ErrorKind, 'syntax' | 'encoding' | 'limit'>,
    message: string,
    /** 1-based line (relative to the first byte given to the scanner). */
    readonly line: number,
    /** 1-based column in characters. */
    readonly column: number,
    /** Absolute 0-based byte offset in the original file. */
    readonly offset: number,
    /**
     * A position the message mentions ("opened at 12:3"), relative like `line`; null when the
     * message mentions none or only absolute ones (elements of a fragment's context).
     */
    readonly related: { line: number; column: number } | null = null,
  ) {
    super(message);
    this.name = 'XmlScanError';
  }
}

/** Moves a relative position to absolute, given where line 1, column 1 of the scan really is. */
function shiftPosition(line: number, column: number, startLine: number, startColumn: number) {
  return { line: startLine + line - 1, column: line === 1 ? startColumn + column - 1 : column };
}

/**
 * Turns an error from a fragment scan (positions relative to the fragment's first byte) into the
 * error a sequential scan reports, given the line and column where the fragment starts.
 */
export function shiftScanError(
  error: XmlScanError,
  startLine: number,
  startColumn: number,
): XmlScanError {
  const at = shiftPosition(error.line, error.column, startLine, startColumn);
  let message = error.message;
  let related = error.related;
  if (related !== null) {
    const shifted = shiftPosition(related.line, related.column, startLine, startColumn);
    message = message.replace(
      `opened at ${related.line}:${related.column}`,
      `opened at ${shifted.line}:${shifted.column}`,
    );
    related = shifted;
  }
  return new XmlScanError(error.kind, message, at.line, at.column, error.offset, related);
}

/** Thrown inside the scanner when a token runs past the bytes received so far. */
export const NEED_MORE: unique symbol = Symbol('need more bytes');
