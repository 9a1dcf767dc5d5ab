import type { XmlError } from '../../shared/results';
import { XmlScanError } from './errors';

/** An XmlError for the result shape; anything but a scan error is an internal error. */
export function toScanError(error: unknown): XmlError {
  if (error instanceof XmlScanError) {
    return {
      kind: error.kind,
      line: error.line,
      column: error.column,
      offset: error.offset,
      message: error.message,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'crash',
    line: null,
    column: null,
    offset: null,
    message: `internal error while scanning: ${message}`,
  };
}
