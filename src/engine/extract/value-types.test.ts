/**
 * Datetime values as docs/cli.md states them: an optional zone, and a zone-less time taken as
 * UTC (the time as written is kept), so a column of local times exported without a zone types
 * as datetime instead of failing every value.
 */
import { describe, expect, it } from 'vitest';
import { BAD_VALUE, convertValue } from './value-types';

describe('convertValue datetime', () => {
  it.each([
    ['2024-01-01T10:00Z', '2024-01-01T10:00:00.000Z'],
    ['2024-01-01T10:00', '2024-01-01T10:00:00.000Z'],
    ['2024-01-01 10:00:05.25', '2024-01-01T10:00:05.250Z'],
    ['2024-01-01T10:00+02:00', '2024-01-01T08:00:00.000Z'],
    ['2024-01-01T10:00-0130', '2024-01-01T11:30:00.000Z'],
  ])('%s is %s', (text, utc) => {
    expect(convertValue('datetime', text)).toBe(utc);
  });

  it.each(['2024-01-01', '2024-01-01T10', '2024-02-30T10:00', '2024-01-01T10:00+24:00'])(
    '%s is not a datetime',
    (text) => {
      expect(convertValue('datetime', text)).toBe(BAD_VALUE);
    },
  );
});
