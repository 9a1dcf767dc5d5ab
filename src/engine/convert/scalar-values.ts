/**
 * Turns text into a number or boolean when the convert options ask for it. Only plain decimal
 * numbers that survive a round trip are converted, so "007", "1e400" or "0x1F" stay strings and
 * no digits are ever lost.
 */

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;

export interface ScalarParsing {
  numbers: boolean;
  booleans: boolean;
}

/** The converted value, or undefined to keep the text as it is. */
export function parseScalar(text: string, parsing: ScalarParsing): number | boolean | undefined {
  const trimmed = text.trim();
  if (parsing.booleans) {
    if (trimmed === 'true') return true;
    if (trimmed === 'false') return false;
  }
  if (parsing.numbers && DECIMAL.test(trimmed)) {
    const value = Number(trimmed);
    if (
      Number.isFinite(value) &&
      (Number.isSafeInteger(value) || trimmed.includes('.') || /[eE]/.test(trimmed))
    ) {
      return value;
    }
  }
  return undefined;
}
