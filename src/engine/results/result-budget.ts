/**
 * The size every FileResult must stay within, and the checks that enforce it on both sides of
 * the pool. The tasks bound what they collect (stats caps, see tasks/stats.ts); this is the
 * defence in depth behind them: whatever a worker sends, one result can neither exhaust the main
 * process's memory nor break JSON.stringify (V8 refuses strings over ~512 M characters, and a
 * RangeError in the result spill used to lose every other file's result).
 */
import type { FileResult, XmlError } from '../../shared/results';

/** Most bytes of JSON one result may take (legitimate results stay under ~7 MB: see STATS_CAPS). */
export const MAX_RESULT_BYTES = 8 * 1024 * 1024;

/** Most characters of an error message (a syntax error can quote a name of any length). */
export const MAX_MESSAGE_CHARS = 4096;

/** How far past the limit an oversized result is measured, for its error message. */
const REPORTED_SIZE_FACTOR = 64;

/** Ends a cut message. */
const CUT_MARK = '\u2026';

/**
 * `message` cut to MAX_MESSAGE_CHARS characters (ending with "…"), at a whole character. Cutting
 * a cut message changes nothing, so both sides of the pool can apply it.
 */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  let end = MAX_MESSAGE_CHARS - 1;
  const last = message.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${message.slice(0, end)}${CUT_MARK}`;
}

/** The errors with their messages bounded; the same array when none needed it. */
export function boundedErrors(errors: XmlError[]): XmlError[] {
  if (errors.every((error) => error.message.length <= MAX_MESSAGE_CHARS)) return errors;
  return errors.map((error) => ({ ...error, message: boundedMessage(error.message) }));
}

export interface JsonSizeBounds {
  /** No fewer bytes than this (each UTF-16 unit of a string takes at least one byte). */
  atLeast: number;
  /** No more bytes than this (an escaped control character takes six). */
  atMost: number;
}

/**
 * Bounds of the UTF-8 size of JSON.stringify(value) (plain data: no toJSON, no BigInt), without
 * building it: a walk that stops as soon as `atLeast` passes `limit`. Iterative, so a deeply nested value cannot overflow the
 * stack, and a cyclic one (worker_threads can send cycles) only adds up until it passes `limit`.
 */
export function jsonSizeBounds(value: unknown, limit: number): JsonSizeBounds {
  let atLeast = 0;
  let atMost = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && atLeast <= limit) {
    const item = pending.pop();
    if (typeof item === 'string') {
      atLeast += item.length + 2;
      atMost += item.length * 6 + 2;
    } else if (typeof item === 'number' || typeof item === 'boolean' || item === null) {
      atLeast += 1;
      atMost += 24;
    } else if (Array.isArray(item)) {
      // Brackets and commas (an undefined element is written as null).
      const punctuation = 2 + Math.max(0, item.length - 1);
      atLeast += punctuation;
      atMost += punctuation;
      for (let i = item.length - 1; i >= 0; i--) pending.push(item[i] ?? null);
    } else if (typeof item === 'object') {
      // Braces, commas between fields, and per field its quoted key and a colon.
      let fields = 0;
      for (const [key, field] of Object.entries(item)) {
        if (field === undefined || typeof field === 'function' || typeof field === 'symbol') {
          continue;
        }
        fields++;
        atLeast += key.length + 3;
        atMost += key.length * 6 + 3;
        pending.push(field);
      }
      const punctuation = 2 + Math.max(0, fields - 1);
      atLeast += punctuation;
      atMost += punctuation;
    }
    // undefined, functions and symbols are left out by JSON.stringify.
  }
  return { atLeast, atMost: Math.max(atLeast, atMost) };
}

/** A result's JSON line, or how big it is when that is over the limit. */
export type SerializedResult =
  | { ok: true; json: string; bytes: number }
  | { ok: false; bytes: number; exact: boolean };

/**
 * JSON.stringify(result) when it fits in `limit` bytes of UTF-8. A result whose size is over the
 * limit by its lower bound is never stringified; one that may fit is stringified (at most six
 * times `limit` characters, far below V8's limit) and measured.
 */
export function serializeResult(result: FileResult, limit = MAX_RESULT_BYTES): SerializedResult {
  // Walked on past the limit (cheap: string lengths are not scanned), so the error can say
  // how large the result was, up to a point: a cyclic value would never end.
  const bounds = jsonSizeBounds(result, limit * REPORTED_SIZE_FACTOR);
  if (bounds.atLeast > limit) return { ok: false, bytes: bounds.atLeast, exact: false };
  const json = JSON.stringify(result);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > limit) return { ok: false, bytes, exact: true };
  return { ok: true, json, bytes };
}

/**
 * The result a worker sends for `result`: messages cut, and when it is still over the limit, the
 * file failed with a 'limit' error and nothing else (`file` from the worker's own FileRef).
 * Checked without stringifying unless the result may be near the limit.
 */
export function resultWithinBudget(
  result: FileResult,
  file: string,
  limit = MAX_RESULT_BYTES,
): FileResult {
  const bounded = { ...result, errors: boundedErrors(result.errors) };
  if (jsonSizeBounds(bounded, limit).atMost <= limit) return bounded;
  const serialized = serializeResult(bounded, limit);
  if (serialized.ok) return bounded;
  return {
    file,
    index: result.index,
    task: result.task,
    ok: false,
    bytes: result.bytes,
    elements: result.elements,
    errorMode: 'first-fatal',
    errors: [tooLargeError(serialized)],
    encoding: null,
    durationMs: result.durationMs,
    workerId: result.workerId,
    attempts: result.attempts,
  };
}

/** The error of a file whose result was too large to keep. */
export function tooLargeError(size: { bytes: number; exact: boolean }): XmlError {
  const amount = `${size.exact ? '' : 'at least '}${size.bytes.toLocaleString('en-US')} bytes`;
  return {
    kind: 'limit',
    line: null,
    column: null,
    offset: null,
    message: `the result of this file is too large to keep: ${amount} of JSON, over the limit of ${MAX_RESULT_BYTES.toLocaleString('en-US')} bytes per file`,
  };
}
