/**
 * The validity errors of one file: the first `max` in document order (by line; errors on the
 * same line keep the order libxml2 reported them in), and a count of all of them. libxml2 does
 * not report in line order (an element's missing children come at its end, unresolved IDREFs
 * at the end of the document), so a later error may still take the place of a kept one; memory
 * stays bounded by `max` however many a file has.
 */
import type { XmlError } from '../../shared/results';

/** Errors without a line (libxml2 names no node for some) come after every other. */
function order(line: number | null): number {
  return line ?? Number.POSITIVE_INFINITY;
}

export class ValidityErrors {
  private readonly kept: XmlError[] = [];
  private readonly keptSet = new Set<XmlError>();
  /** Every error added, kept or not. */
  total = 0;

  constructor(private readonly max: number) {}

  get limit(): number {
    return this.max;
  }

  /** Whether an error on `line` would be kept: spares working out paths for the rest. */
  wouldKeep(line: number | null): boolean {
    if (this.kept.length < this.max) return true;
    const last = this.kept[this.kept.length - 1];
    return last !== undefined && order(last.line) > order(line);
  }

  /** Adds an error; returns whether it is (for now) among the kept ones. */
  add(error: XmlError): boolean {
    this.total += 1;
    if (!this.wouldKeep(error.line)) return false;
    const line = order(error.line);
    // After every error on the same line or before (upper bound), so ties keep report order.
    let low = 0;
    let high = this.kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (order(this.kept[middle]?.line ?? null) <= line) low = middle + 1;
      else high = middle;
    }
    this.kept.splice(low, 0, error);
    this.keptSet.add(error);
    if (this.kept.length > this.max) {
      const dropped = this.kept.pop();
      if (dropped !== undefined) this.keptSet.delete(dropped);
    }
    return true;
  }

  has(error: XmlError): boolean {
    return this.keptSet.has(error);
  }

  /** Counts an error that is not kept (one the caller already knows is beyond the list). */
  countOnly(): void {
    this.total += 1;
  }

  list(): XmlError[] {
    return [...this.kept];
  }

  get omitted(): number {
    return this.total - this.kept.length;
  }
}
