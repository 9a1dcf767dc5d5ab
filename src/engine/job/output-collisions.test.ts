import { describe, expect, it } from 'vitest';
import type { FileRef } from '../tasks/types';
import { outputCollisions } from './output-collisions';

const ref = (path: string, relative: string, index: number): FileRef => ({
  path,
  relative,
  size: 10,
  index,
});

describe('outputCollisions', () => {
  it('lets the first of two inputs with the same relative name keep the output name', () => {
    const refused = outputCollisions(
      [ref('/d1/a.xml', 'a.xml', 0), ref('/d2/a.xml', 'a.xml', 1), ref('/d2/b.xml', 'b.xml', 2)],
      '/out',
    );
    expect([...refused.keys()]).toEqual([1]);
    expect(refused.get(1)).toMatchObject({ kind: 'output', line: null });
    expect(refused.get(1)?.message).toContain('/d1/a.xml');
  });

  it('refuses an output that would land on another input (output folder among the inputs)', () => {
    const refused = outputCollisions(
      [ref('/in/a.json', 'a.json', 0), ref('/in/a.xml', 'a.xml', 1), ref('/in/c.xml', 'c.xml', 2)],
      '/in',
    );
    expect([...refused.keys()]).toEqual([1]);
    expect(refused.get(1)?.message).toContain('would overwrite an input');
  });

  it('refuses nothing when every output name is distinct', () => {
    const files = [ref('/in/a.xml', 'a.xml', 0), ref('/in/sub/a.xml', 'sub/a.xml', 1)];
    expect(outputCollisions(files, '/out').size).toBe(0);
  });

  it('compares names case-folded where the file system ignores case (macOS, Windows)', () => {
    const files = [ref('/d1/Report.xml', 'Report.xml', 0), ref('/d2/report.xml', 'report.xml', 1)];
    expect([...outputCollisions(files, '/out', true).keys()]).toEqual([1]);
    expect(outputCollisions(files, '/out', false).size).toBe(0);
    const beside = [ref('/in/A.JSON', 'A.JSON', 0), ref('/in/a.xml', 'a.xml', 1)];
    expect(outputCollisions(beside, '/in', true).get(1)?.message).toContain('overwrite an input');
  });
});
