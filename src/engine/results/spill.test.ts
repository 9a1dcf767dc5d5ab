import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { MAX_RESULT_BYTES } from './result-budget';
import { OversizedResultError, ResultSpill } from './spill';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-spill-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function result(index: number): FileResult {
  return {
    file: `/in/${index}.xml`,
    index,
    task: 'validate',
    ok: index % 3 !== 0,
    bytes: index * 10,
    elements: index,
    errorMode: 'first-fatal',
    errors: [],
    encoding: 'UTF-8',
    durationMs: 1,
    workerId: 1,
    attempts: 1,
  };
}

/** A deterministic shuffle (a multiplicative permutation of 0..n-1 for n coprime to 7919). */
function completionOrder(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 7919) % n);
}

async function collect(spill: ResultSpill): Promise<FileResult[]> {
  const all: FileResult[] = [];
  for await (const r of spill.inInputOrder()) all.push(r);
  return all;
}

describe('ResultSpill', () => {
  it('writes 10,000 results as they come and reads them back in input order, twice', async () => {
    const n = 10_000;
    const spill = new ResultSpill(join(dir, 'results.ndjson'), n);
    for (const index of completionOrder(n)) spill.append(result(index));
    await spill.close();
    expect(readFileSync(join(dir, 'results.ndjson'), 'utf8').split('\n')).toHaveLength(n + 1);
    for (let pass = 0; pass < 2; pass++) {
      const read = await collect(spill);
      expect(read).toHaveLength(n);
      expect(read.every((r, i) => r.index === i && r.bytes === i * 10)).toBe(true);
    }
  });

  it('keeps the first result of an index and skips indexes without one', async () => {
    const spill = new ResultSpill(join(dir, 'results.ndjson'), 4);
    expect(spill.append(result(2))).toBe(true);
    expect(spill.append({ ...result(2), ok: false, elements: 99 })).toBe(false);
    spill.append(result(0));
    await spill.close();
    const read = await collect(spill);
    expect(read.map((r) => [r.index, r.elements])).toEqual([
      [0, 0],
      [2, 2],
    ]);
  });

  it('has every finished result on disk once closed, even if nothing reads them', async () => {
    const spill = new ResultSpill(join(dir, 'results.ndjson'), 3);
    spill.append(result(1));
    await spill.close();
    const lines = readFileSync(join(dir, 'results.ndjson'), 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).index)).toEqual([1]);
  });

  it('refuses a result too big for one string without stringifying it, and goes on', async () => {
    // 600 paths sharing one 1 MiB string: cheap in memory, but 600 MiB of JSON, past V8's
    // longest string. Before the budget, append threw "RangeError: Invalid string length".
    const huge = `/${'x'.repeat(1024 * 1024)}`;
    const oversized: FileResult = {
      ...result(1),
      stats: {
        elements: 1,
        attributes: 0,
        textBytes: 0,
        maxDepth: 1,
        root: 'x',
        encoding: 'UTF-8',
        namespaces: [],
        namespacesTruncated: false,
        paths: Array.from({ length: 600 }, () => ({ path: huge, count: 1 })),
        pathsTruncated: false,
      },
    };
    const spill = new ResultSpill(join(dir, 'results.ndjson'), 3);
    spill.append(result(0));
    let refused: unknown = null;
    try {
      spill.append(oversized);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(OversizedResultError);
    expect(refused).toMatchObject({ index: 1, exact: false });
    expect((refused as OversizedResultError).bytes).toBeGreaterThan(MAX_RESULT_BYTES);
    expect(spill.has(1)).toBe(false);
    // The index can still get its (failed) result, and the others are kept.
    expect(spill.append({ ...result(1), ok: false })).toBe(true);
    spill.append(result(2));
    await spill.close();
    expect((await collect(spill)).map((r) => [r.index, r.ok])).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
  });

  it('refuses a result just over its byte limit, measured exactly', async () => {
    const spill = new ResultSpill(join(dir, 'results.ndjson'), 2, 1000);
    // Two-byte characters, so bytes (not characters) are what is measured.
    const named = (index: number, bytes: number): FileResult => {
      const rest = bytes - JSON.stringify({ ...result(index), file: '' }).length;
      return { ...result(index), file: `${'a'.repeat(rest % 2)}${'é'.repeat(rest >> 1)}` };
    };
    const fits = named(0, 1000);
    const over = named(1, 1001);
    expect(spill.append(fits)).toBe(true);
    expect(spill.bytesOf(0)).toBe(1001);
    expect(() => spill.append(over)).toThrow(OversizedResultError);
    await spill.close();
  });
});
