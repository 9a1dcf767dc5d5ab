import { describe, expect, it } from 'vitest';
import type { InputEntry } from '../../../shared/api';
import { groupInputs, type InputListRow } from './input-groups';

function entry(name: string, size = 10): InputEntry {
  return { id: `/x/${name}`, path: `/x/${name}`, name, size, status: 'pending' };
}

function describeRows(rows: InputListRow[]): string[] {
  return rows.map((row) =>
    row.kind === 'folder'
      ? `[${row.folder} ${row.files} ${row.bytes}${row.folded ? ' folded' : ''}]`
      : row.base,
  );
}

describe('groupInputs', () => {
  const entries = [
    entry('a/one.xml'),
    entry('loose.xml'),
    entry('b/two.xml', 5),
    entry('a/three.xml'),
    entry('a/deep/four.xml'),
  ];

  it('puts each folder’s files under its header, folders in order of first appearance', () => {
    expect(describeRows(groupInputs(entries, new Set()))).toEqual([
      '[a/ 2 20]',
      'one.xml',
      'three.xml',
      'loose.xml',
      '[b/ 1 5]',
      'two.xml',
      '[a/deep/ 1 10]',
      'four.xml',
    ]);
  });

  it('hides the files of a folded folder, keeping its header', () => {
    expect(describeRows(groupInputs(entries, new Set(['a/'])))).toEqual([
      '[a/ 2 20 folded]',
      'loose.xml',
      '[b/ 1 5]',
      'two.xml',
      '[a/deep/ 1 10]',
      'four.xml',
    ]);
  });
});
