import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS } from '../../../shared/tasks';
import { clampWorkers, initialJobForm, parseAlwaysArray, toJobOptions } from './job-form';

describe('job form', () => {
  it('starts from the shared defaults with one worker per core', () => {
    const form = initialJobForm(4);
    expect(form.workers).toBe(4);
    expect(toJobOptions(form, 4)).toEqual({ ...DEFAULT_JOB_OPTIONS, workers: 4 });
  });

  it('maps the row tag: empty never splits, anything else is passed on trimmed', () => {
    const form = initialJobForm(2);
    expect(toJobOptions({ ...form, rowTag: '  ' }, 2).rowTag).toBeNull();
    expect(toJobOptions({ ...form, rowTag: 'auto' }, 2).rowTag).toBe('auto');
    expect(toJobOptions({ ...form, rowTag: ' book ' }, 2).rowTag).toBe('book');
  });

  it('builds convert options and keeps a usable text node name', () => {
    const form = {
      ...initialJobForm(2),
      task: 'convert' as const,
      attributePrefix: '',
      textNodeName: ' ',
      alwaysArray: 'catalog.book,\ncatalog.book.author, catalog.book',
      parseNumbers: true,
    };
    const options = toJobOptions(form, 2);
    expect(options.task).toBe('convert');
    expect(options.convert.attributePrefix).toBe('');
    expect(options.convert.textNodeName).toBe('#text');
    expect(options.convert.alwaysArray).toEqual(['catalog.book', 'catalog.book.author']);
    expect(options.convert.parseNumbers).toBe(true);
    expect(options.convert.parseBooleans).toBe(false);
  });

  it('keeps the worker count within 1..cores', () => {
    expect(clampWorkers(0, 8)).toBe(1);
    expect(clampWorkers(9, 8)).toBe(8);
    expect(clampWorkers(2.6, 8)).toBe(3);
    expect(clampWorkers(Number.NaN, 8)).toBe(8);
    expect(parseAlwaysArray(' , ')).toEqual([]);
  });
});
