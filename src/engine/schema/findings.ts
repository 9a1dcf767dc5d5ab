/**
 * Turns libxml2's errors during one document's check into xmlpool's `invalid` errors: message
 * cleaned, position mapped to the file, element path worked out only for the errors that are
 * kept (while the tree still exists), so a file with a million errors costs a count, not a
 * million paths.
 */
import type { XmlError } from '../../shared/results';
import { cleanMessage } from './compile';
import type { RawError } from './libxml2';
import type { ValidityErrors } from './validity-errors';

export class Findings {
  private pending: { error: XmlError; path: () => string | null }[] = [];

  constructor(readonly errors: ValidityErrors) {}

  /**
   * Adds libxml2's error at this file position; returns the error when it is kept (for now), so
   * the caller can refine it, or null when it only counts.
   */
  add(raw: RawError, line: number | null, column: number | null): XmlError | null {
    if (!this.errors.wouldKeep(line)) {
      this.errors.countOnly();
      return null;
    }
    const error: XmlError = {
      kind: 'invalid',
      line,
      column,
      offset: null,
      message: cleanMessage(raw.message),
    };
    this.errors.add(error);
    this.pending.push({ error, path: raw.path });
    // Errors that lost their place do not need a path: drop them now and then, so the list
    // stays bounded even when libxml2 reports in reverse order.
    if (this.pending.length > 2 * this.errors.limit + 64) {
      this.pending = this.pending.filter((entry) => this.errors.has(entry.error));
    }
    return error;
  }

  /** Element paths for the kept errors; call while the tree exists. Returns them. */
  resolvePaths(): XmlError[] {
    const resolved: XmlError[] = [];
    for (const { error, path } of this.pending) {
      if (!this.errors.has(error)) continue;
      const found = path();
      if (found !== null) error.path = found;
      resolved.push(error);
    }
    this.pending = [];
    return resolved;
  }
}
