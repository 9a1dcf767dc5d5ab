import { describe, expect, it } from 'vitest';
import { describeAddOutcome } from './add-outcome';
import { describeExportOutcome } from './export-outcome';

describe('outcome texts', () => {
  it('reports added files, ignored duplicates and unreadable paths', () => {
    const added = [{ id: '/a', path: '/a', name: 'a', size: 1, status: 'pending' as const }];
    expect(describeAddOutcome({ added, duplicates: 0, problems: [] })).toEqual({
      tone: 'success',
      text: '1 file added',
    });
    expect(describeAddOutcome({ added: [], duplicates: 2, problems: [] })).toEqual({
      tone: 'info',
      text: '2 duplicates ignored',
    });
    expect(describeAddOutcome({ added, duplicates: 1, problems: ['/x', '/y'] })).toEqual({
      tone: 'warning',
      text: '1 file added · 1 duplicate ignored · could not read /x (+1 more)',
    });
  });

  it('describes where an export went', () => {
    expect(describeExportOutcome({ status: 'saved', path: '/r/report.csv' })).toBe(
      'Saved to /r/report.csv',
    );
    expect(describeExportOutcome({ status: 'downloaded', name: 'report.json' })).toBe(
      'Downloaded report.json',
    );
    expect(describeExportOutcome({ status: 'cancelled' })).toBeNull();
  });
});
