import { describe, expect, it } from 'vitest';
import { outputsZipName, reportFileName } from './export-names';

describe('export names', () => {
  it('stamp the local date and time, so two exports do not collide', () => {
    const date = new Date(2026, 10, 6, 3, 4, 5);
    expect(reportFileName('csv', date)).toBe('xmlpool-report-2026-11-06-030405.csv');
    expect(reportFileName('ndjson', new Date(2026, 0, 1, 23, 59, 59))).toBe(
      'xmlpool-report-2026-01-01-235959.ndjson',
    );
    expect(outputsZipName(date)).toBe('xmlpool-outputs-2026-11-06-030405.zip');
  });
});
