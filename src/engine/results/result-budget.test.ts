import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { hugeResult } from '../pool/test-faults';
import {
  boundedMessage,
  jsonSizeBounds,
  MAX_MESSAGE_CHARS,
  MAX_RESULT_BYTES,
  resultWithinBudget,
  serializeResult,
} from './result-budget';

function result(overrides: Partial<FileResult> = {}): FileResult {
  return {
    file: '/in/a.xml',
    index: 3,
    task: 'stats',
    ok: true,
    bytes: 10,
    elements: 1,
    errorMode: 'first-fatal',
    errors: [],
    encoding: 'UTF-8',
    durationMs: 1.5,
    workerId: 2,
    attempts: 1,
    ...overrides,
  };
}

describe('jsonSizeBounds', () => {
  it('bounds the UTF-8 size of JSON.stringify from below and above', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
        const bounds = jsonSizeBounds(value, Number.POSITIVE_INFINITY);
        expect(bounds.atLeast).toBeLessThanOrEqual(bytes);
        expect(bounds.atMost).toBeGreaterThanOrEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('stops at the limit: a cyclic value and a deeply nested one end the walk', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(jsonSizeBounds(cyclic, 10_000).atLeast).toBeGreaterThan(10_000);
    let deep: unknown[] = [];
    const top = deep;
    for (let i = 0; i < 200_000; i++) {
      const next: unknown[] = [];
      deep.push(next);
      deep = next;
    }
    expect(jsonSizeBounds(top, 100_000).atLeast).toBeGreaterThan(100_000);
  });
});

describe('boundedMessage', () => {
  it('cuts long messages to the limit, at a whole character, and cutting twice changes nothing', () => {
    const long = `</${'a'.repeat(1_000_000)}> does not close`;
    const cut = boundedMessage(long);
    expect(cut).toHaveLength(MAX_MESSAGE_CHARS);
    expect(cut.endsWith('\u2026')).toBe(true);
    expect(boundedMessage(cut)).toBe(cut);
    // A surrogate pair straddling the cut is dropped whole.
    const astral = `${'a'.repeat(MAX_MESSAGE_CHARS - 2)}😀😀`;
    const cutAstral = boundedMessage(astral);
    expect(cutAstral).toBe(`${'a'.repeat(MAX_MESSAGE_CHARS - 2)}\u2026`);
    expect(boundedMessage('short')).toBe('short');
  });
});

describe('resultWithinBudget', () => {
  it('cuts error messages and keeps a result that fits as it is', () => {
    const error = {
      kind: 'syntax' as const,
      line: 1,
      column: 2,
      offset: 1,
      message: 'x'.repeat(50_000),
    };
    const kept = resultWithinBudget(result({ ok: false, errors: [error] }), '/in/a.xml');
    expect(kept.errors[0]?.message).toHaveLength(MAX_MESSAGE_CHARS);
    expect(kept).toMatchObject({ ok: false, index: 3, errors: [{ kind: 'syntax', line: 1 }] });
  });

  it('fails a result over the budget with a limit error that says how large it was', () => {
    // What the worker's test fault hook sends: ~10 MB of paths.
    const file = { path: '/in/a.xml', size: 10, index: 3, relative: 'a.xml' };
    const huge = hugeResult(file, 'stats', 2);
    const failed = resultWithinBudget(huge, '/in/a.xml');
    expect(failed.stats).toBeUndefined();
    expect(failed).toMatchObject({ file: '/in/a.xml', index: 3, ok: false, bytes: 10 });
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0]).toMatchObject({ kind: 'limit', line: null });
    // The lower bound of its size, a measure close to the real one and never above it.
    const atLeast = jsonSizeBounds(huge, Number.POSITIVE_INFINITY).atLeast;
    expect(atLeast).toBeGreaterThan(MAX_RESULT_BYTES);
    expect(atLeast).toBeLessThanOrEqual(Buffer.byteLength(JSON.stringify(huge)));
    expect(failed.errors[0]?.message).toBe(
      `the result of this file is too large to keep: at least ${atLeast.toLocaleString('en-US')} bytes of JSON, over the limit of 8,388,608 bytes per file`,
    );
    expect(serializeResult(failed).ok).toBe(true);
    expect(JSON.stringify(failed).length).toBeLessThan(MAX_RESULT_BYTES);
  });
});
