import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
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
    const path = `/${'p'.repeat(99_999)}`;
    const huge = result({
      stats: {
        elements: 1,
        attributes: 0,
        textBytes: 0,
        maxDepth: 1,
        root: 'p',
        encoding: 'UTF-8',
        namespaces: [],
        namespacesTruncated: false,
        paths: Array.from({ length: 100 }, () => ({ path, count: 1 })),
        pathsTruncated: false,
      },
    });
    const failed = resultWithinBudget(huge, '/in/a.xml');
    expect(failed.stats).toBeUndefined();
    expect(failed).toMatchObject({ file: '/in/a.xml', index: 3, ok: false, bytes: 10 });
    expect(failed.errors).toHaveLength(1);
    expect(failed.errors[0]).toMatchObject({ kind: 'limit', line: null });
    expect(failed.errors[0]?.message).toMatch(
      /^the result of this file is too large to keep: at least 10,00\d,\d{3} bytes of JSON, over the limit of 8,388,608 bytes per file$/,
    );
    expect(serializeResult(failed).ok).toBe(true);
    expect(JSON.stringify(failed).length).toBeLessThan(MAX_RESULT_BYTES);
  });
});
