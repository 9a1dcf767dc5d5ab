import { describe, expect, it } from 'vitest';
import { STATS_CAPS } from '../tasks/stats';
import { firstAbsoluteError, mergePaths } from './merge';
import { absoluteError, advance, DOCUMENT_START } from './positions';
import { nothingScanned } from './run-chunk';
import type { ChunkResult } from './types';

function chunk(fields: Partial<ChunkResult>): ChunkResult {
  return { ...nothingScanned(0, 1, 0), ...fields };
}

const syntax = (line: number, column: number) => ({
  kind: 'syntax' as const,
  line,
  column,
  offset: 0,
  message: 'x',
});

describe('positions', () => {
  it('advances over text with and without line breaks', () => {
    expect(advance(DOCUMENT_START, 0, 5)).toEqual({ line: 1, column: 6 });
    expect(advance({ line: 3, column: 7 }, 2, 4)).toEqual({ line: 5, column: 5 });
  });

  it('shifts the column only for an error on the chunk’s first line', () => {
    expect(absoluteError(syntax(1, 3), { line: 10, column: 20 })).toMatchObject({
      line: 10,
      column: 22,
    });
    expect(absoluteError(syntax(4, 3), { line: 10, column: 20 })).toMatchObject({
      line: 13,
      column: 3,
    });
  });

  it('takes the first error of the chain with positions made absolute', () => {
    const chain = [
      chunk({ lineBreaks: 9, charsSinceLastBreak: 4 }),
      chunk({ lineBreaks: 0, charsSinceLastBreak: 10 }),
      chunk({ error: syntax(1, 2) }),
      chunk({ error: syntax(1, 1) }),
    ];
    expect(firstAbsoluteError(chain)).toMatchObject({ line: 10, column: 16 });
  });
});

describe('mergePaths', () => {
  it('keeps first-appearance order, adds counts and applies the cap like one scan', () => {
    const merged = mergePaths(
      [
        [
          { path: '/a', count: 1 },
          { path: '/a/b', count: 2 },
        ],
        [
          { path: '/a/c', count: 3 },
          { path: '/a/b', count: 4 },
          { path: '/a/d', count: 5 },
        ],
      ],
      { ...STATS_CAPS, paths: 3 },
    );
    expect(merged.paths).toEqual([
      { path: '/a', count: 1 },
      { path: '/a/b', count: 6 },
      { path: '/a/c', count: 3 },
    ]);
    expect(merged.truncated).toBe(true);
  });
});
