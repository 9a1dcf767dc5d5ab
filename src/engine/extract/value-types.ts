/**
 * Typed cell values: the text of a match converted to its column's type, in one canonical form
 * per type, so every table format writes the same value and a 1-worker and a split run agree.
 *
 * - `string`: the text as it is (surrounding whitespace already trimmed).
 * - `int`: canonical decimal digits as a string (`+007` → `7`), within 64-bit signed range, so
 *   no digit is lost on the way to Parquet's INT64 (JavaScript numbers stop at 2^53).
 * - `number`: a finite JavaScript number from decimal text (`1.50`, `-3e2`, `.5`).
 * - `bool`: `true`/`false` (any case) and `1`/`0`.
 * - `date`: `YYYY-MM-DD`, a real calendar date.
 * - `datetime`: `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (a space may stand for `T`), made UTC
 *   (no zone means UTC) and written `YYYY-MM-DDTHH:MM:SS.sssZ`; precision is milliseconds.
 *
 * Empty text is null for every type but `string`, never a bad value.
 */
import type { ValueType } from '../../shared/column-spec';

export type Scalar = string | number | boolean;
/** A cell: null (no value), a scalar, or a list column's values. */
export type Cell = Scalar | null | (Scalar | null)[];

/** Returned by `convertValue` for text that is not a value of the type. */
export const BAD_VALUE: unique symbol = Symbol('bad value');

const INT = /^[+-]?[0-9]+$/;
const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATETIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$/;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** XML's white space (space, tab, CR, LF): what surrounds values and is trimmed off. */
export function trimXmlSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isXmlSpace(text.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function parseInt64(text: string): string | typeof BAD_VALUE {
  if (!INT.test(text)) return BAD_VALUE;
  const negative = text.charCodeAt(0) === 0x2d;
  let digits = text.replace(/^[+-]?0*/, '');
  if (digits === '') digits = '0';
  const canonical = negative && digits !== '0' ? `-${digits}` : digits;
  // Up to 18 digits always fit; only longer ones need the exact comparison.
  if (digits.length > 18) {
    const value = BigInt(canonical);
    if (value > INT64_MAX || value < INT64_MIN) return BAD_VALUE;
  }
  return canonical;
}

function parseNumber(text: string): number | typeof BAD_VALUE {
  if (!NUMBER.test(text)) return BAD_VALUE;
  const value = Number(text);
  return Number.isFinite(value) ? value : BAD_VALUE;
}

function parseBool(text: string): boolean | typeof BAD_VALUE {
  if (text === '1') return true;
  if (text === '0') return false;
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return BAD_VALUE;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parseDate(text: string): string | typeof BAD_VALUE {
  const match = DATE.exec(text);
  if (!match) return BAD_VALUE;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isCalendarDate(year, month, day) ? text : BAD_VALUE;
}

function parseDatetime(text: string): string | typeof BAD_VALUE {
  const match = DATETIME.exec(text);
  if (!match) return BAD_VALUE;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i]));
  const second = Number(match[6] ?? '0');
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    !isCalendarDate(year, month, day) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return BAD_VALUE;
  }
  const millis = Math.floor(Number(`0${match[7] ?? ''}`) * 1000);
  let offsetMinutes = 0;
  const zone = match[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2));
    if (hours > 23 || minutes > 59) return BAD_VALUE;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute - offsetMinutes, second, millis);
  const time = utc.getTime();
  if (!Number.isFinite(time)) return BAD_VALUE;
  const iso = utc.toISOString();
  // Years outside 0001–9999 (reachable through a zone offset) have no 4-digit form.
  return iso.length === 24 ? iso : BAD_VALUE;
}

/**
 * The value of trimmed `text` as `type`: its canonical form, null for empty text of a non-string
 * type, or BAD_VALUE.
 */
export function convertValue(type: ValueType, text: string): Scalar | null | typeof BAD_VALUE {
  if (type === 'string') return text;
  if (text === '') return null;
  switch (type) {
    case 'int':
      return parseInt64(text);
    case 'number':
      return parseNumber(text);
    case 'bool':
      return parseBool(text);
    case 'date':
      return parseDate(text);
    case 'datetime':
      return parseDatetime(text);
  }
}

/** The value as text (CSV, TSV and list joins): canonical forms as they are. */
export function scalarText(value: Scalar): string {
  return typeof value === 'string' ? value : String(value);
}

/** Types whose text never needs quoting or a formula guard (digits, signs, dots, letters). */
export function isPlainType(type: ValueType): boolean {
  return type === 'int' || type === 'number' || type === 'bool';
}
