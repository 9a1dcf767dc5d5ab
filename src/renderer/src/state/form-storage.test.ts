import { describe, expect, it } from 'vitest';
import { parseStoredForm } from './form-storage';
import { initialJobForm } from './job-form';

describe('parseStoredForm', () => {
  it('restores a stored form, clamping workers to this machine', () => {
    const stored = { ...initialJobForm(16), task: 'convert', backend: 'process', workers: 12 };
    const form = parseStoredForm(JSON.stringify(stored), 4);
    expect(form.task).toBe('convert');
    expect(form.backend).toBe('process');
    expect(form.workers).toBe(4);
  });

  it('falls back to defaults for missing, malformed or hostile values', () => {
    const defaults = initialJobForm(2);
    expect(parseStoredForm(null, 2)).toEqual(defaults);
    expect(parseStoredForm('{not json', 2)).toEqual(defaults);
    expect(parseStoredForm('[1,2]', 2)).toEqual(defaults);
    const form = parseStoredForm(
      JSON.stringify({ task: 'delete', backend: 7, rowTag: 'book', parseNumbers: 'yes' }),
      2,
    );
    expect(form).toEqual({ ...defaults, rowTag: 'book' });
  });
});
