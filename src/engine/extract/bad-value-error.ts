/**
 * Thrown from inside a scan by the row builder when a cell value does not convert and the policy
 * is `--on-bad-value fail`: it stops the scan like a syntax error, with the value's position.
 */
import type { XmlError } from '../../shared/results';

export class BadValueError extends Error {
  override name = 'BadValueError';
  constructor(readonly error: XmlError) {
    super(error.message);
  }
}
