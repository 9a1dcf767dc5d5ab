import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import {
  baseName,
  firstErrorText,
  formatAverageRate,
  formatBytes,
  formatDuration,
  formatElapsed,
  formatError,
  formatEta,
  formatInputCount,
  formatMegabytesPerSecond,
  formatPercent,
  formatRate,
  fraction,
  splitDisplayPath,
} from './format';

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(5_000_000_000)).toBe('5.0 GB');
  });

  it('rounds up into the next unit instead of printing 1000 kB', () => {
    expect(formatBytes(999_999)).toBe('1.0 MB');
  });

  it('shows a dash for unknown sizes', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('rates', () => {
  it('formats adaptive and fixed MB/s rates', () => {
    expect(formatRate(2_500_000)).toBe('2.5 MB/s');
    expect(formatRate(0)).toBe('0 B/s');
    expect(formatMegabytesPerSecond(12_345_678)).toBe('12.3 MB/s');
    expect(formatMegabytesPerSecond(Number.NaN)).toBe('0.0 MB/s');
  });

  it('gives a finished run its average rate, or a dash when nothing was measured', () => {
    expect(formatAverageRate(50_000_000, 2000)).toBe('25.0 MB/s avg');
    expect(formatAverageRate(0, 2000)).toBe('—');
    expect(formatAverageRate(1000, 0)).toBe('—');
  });
});

describe('durations', () => {
  it('shows short elapsed times in tenths of a second, longer ones as a clock', () => {
    expect(formatElapsed(740)).toBe('0.7 s');
    expect(formatElapsed(9_990)).toBe('9.9 s');
    expect(formatElapsed(12_000)).toBe('0:12');
    expect(formatElapsed(Number.NaN)).toBe('—');
  });

  it('formats minutes and hours', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(5_999)).toBe('0:05');
    expect(formatDuration(754_000)).toBe('12:34');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('rounds an ETA up to the next second and shows a dash when unknown', () => {
    expect(formatEta(1_200)).toBe('0:02');
    expect(formatEta(null)).toBe('—');
  });
});

describe('fractions and counts', () => {
  it('clamps fractions and guards against a zero total', () => {
    expect(fraction(5, 10)).toBe(0.5);
    expect(fraction(15, 10)).toBe(1);
    expect(fraction(3, 0)).toBe(0);
    expect(formatPercent(0.874)).toBe('87%');
  });

  it('describes the input list', () => {
    expect(formatInputCount(1, 500)).toBe('1 file · 500 B');
    expect(formatInputCount(10_000, 1_200_000)).toBe('10,000 files · 1.2 MB');
  });
});

describe('paths and errors', () => {
  it('takes the base name of POSIX and Windows paths', () => {
    expect(baseName('/data/in/a.xml')).toBe('a.xml');
    expect(baseName('C:\\data\\b.xml')).toBe('b.xml');
    expect(baseName('c.xml')).toBe('c.xml');
  });

  it('splits a display path into its folder and its file name', () => {
    expect(splitDisplayPath('orders/2024/a.xml')).toEqual({
      folder: 'orders/2024/',
      base: 'a.xml',
    });
    expect(splitDisplayPath('a\\b.xml')).toEqual({ folder: 'a\\', base: 'b.xml' });
    expect(splitDisplayPath('c.xml')).toEqual({ folder: '', base: 'c.xml' });
  });

  it('formats errors as line:column message', () => {
    const base = { kind: 'syntax' as const, offset: 10, message: 'unclosed tag <a>' };
    expect(formatError({ ...base, line: 3, column: 7 })).toBe('3:7 unclosed tag <a>');
    expect(formatError({ ...base, kind: 'io', line: null, column: null })).toBe('unclosed tag <a>');
  });

  it('gives the first error of a result, or nothing when it succeeded', () => {
    const result: FileResult = {
      file: '/x/bad.xml',
      index: 0,
      task: 'validate',
      ok: false,
      bytes: 10,
      elements: 1,
      errorMode: 'first-fatal',
      errors: [
        { kind: 'syntax', line: 1, column: 4, offset: 3, message: 'first' },
        { kind: 'output', line: null, column: null, offset: null, message: 'second' },
      ],
      encoding: 'UTF-8',
      durationMs: 1,
      workerId: 1,
      attempts: 1,
    };
    expect(firstErrorText(result)).toBe('1:4 first');
    expect(firstErrorText({ ...result, ok: true, errors: [] })).toBe('');
  });
});
