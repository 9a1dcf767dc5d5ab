import { describe, expect, it } from 'vitest';
import { chunkRanges, DEFAULT_SPLIT_TUNING } from './plan';

const MIB = 1024 * 1024;

function sizes(ranges: { start: number; end: number }[]): number[] {
  return ranges.map((range) => range.end - range.start);
}

describe('chunkRanges', () => {
  it('covers the file with contiguous ranges', () => {
    const size = 100 * MIB + 12_345;
    const ranges = chunkRanges(size, 200, 3, DEFAULT_SPLIT_TUNING);
    expect(ranges[0]?.start).toBe(0);
    expect(ranges.at(-1)?.end).toBe(size);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe(ranges[i - 1]?.end);
  });

  it('gives every worker the same number of equal chunks, within the size bounds', () => {
    const size = 314_619_202; // the benchmark's big file
    for (const workers of [1, 2, 3, 4]) {
      const ranges = chunkRanges(size, 300, workers, DEFAULT_SPLIT_TUNING);
      expect(ranges.length % workers).toBe(0);
      const lengths = sizes(ranges);
      // All chunks the same size but the last, which holds what is left (a few bytes less).
      const full = lengths[0] ?? 0;
      expect(lengths.slice(0, -1).every((length) => length === full)).toBe(true);
      expect(full - (lengths.at(-1) ?? 0)).toBeLessThan(ranges.length);
      expect(full).toBeLessThanOrEqual(DEFAULT_SPLIT_TUNING.maxChunkBytes);
      expect(full).toBeGreaterThanOrEqual(DEFAULT_SPLIT_TUNING.minChunkBytes);
    }
  });

  it('keeps a fixed chunk size when the bounds allow only one', () => {
    const fixed = { ...DEFAULT_SPLIT_TUNING, minChunkBytes: 1000, maxChunkBytes: 1000 };
    expect(sizes(chunkRanges(3500, 10, 2, fixed))).toEqual([1000, 1000, 1000, 500]);
  });

  it('reaches past the root start tag with its first chunk', () => {
    const tiny = { ...DEFAULT_SPLIT_TUNING, minChunkBytes: 100, maxChunkBytes: 100 };
    expect(chunkRanges(1000, 250, 2, tiny)[0]).toEqual({ start: 0, end: 251 });
  });

  it('with a grid, ends every chunk but the last on a line of it (Parquet tables)', () => {
    const size = 314_619_202;
    const grid = 16 * MIB;
    for (const workers of [1, 2, 3, 4]) {
      const ranges = chunkRanges(size, 300, workers, DEFAULT_SPLIT_TUNING, grid);
      expect(ranges.at(-1)?.end).toBe(size);
      for (const range of ranges.slice(0, -1)) expect(range.end % grid).toBe(0);
    }
    // Even a first chunk that must reach past a long prolog.
    const tiny = { ...DEFAULT_SPLIT_TUNING, minChunkBytes: 100, maxChunkBytes: 100 };
    expect(chunkRanges(1000, 250, 2, tiny, 128).map((range) => range.end)).toEqual([
      256, 384, 512, 640, 768, 896, 1000,
    ]);
  });
});
