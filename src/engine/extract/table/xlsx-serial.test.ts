/**
 * Dates in XLSX cells are Excel serial day numbers (1900 date system), which Excel counts with a
 * 29 February 1900 that never was. Checked against the serials Excel itself gives, since exceljs,
 * the reader the round-trip test uses, counts them without it.
 */
import { describe, expect, it } from 'vitest';
import { excelSerial } from './xlsx-table';

describe('excelSerial', () => {
  it('counts days as Excel does, with its 29 February 1900, and gives none before 1900', () => {
    const serial = (iso: string) => excelSerial(Date.parse(iso));
    expect(serial('1899-12-31T23:59:59Z')).toBeNull();
    expect(serial('1900-01-01T00:00:00Z')).toBe(1);
    expect(serial('1900-01-01T12:00:00Z')).toBe(1.5);
    expect(serial('1900-02-28T00:00:00Z')).toBe(59);
    // Serial 60 is the 29 February 1900 that never was.
    expect(serial('1900-03-01T00:00:00Z')).toBe(61);
    expect(serial('1970-01-01T00:00:00Z')).toBe(25_569);
    expect(serial('2024-02-29T00:00:00Z')).toBe(45_351);
  });
});
