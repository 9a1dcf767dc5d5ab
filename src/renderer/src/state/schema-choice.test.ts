import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA_OPTIONS } from '../../../shared/tasks';
import { checkLabel, NO_SCHEMA, schemaOptionsOf, schemaProblem } from './schema-choice';

const pick = (file: string, name: string) => ({
  chosen: { file, name },
  candidates: [{ file, name }],
});

describe('the schema choice', () => {
  it('becomes the job’s schema options for validate only', () => {
    const choice = {
      ...NO_SCHEMA,
      mode: 'file' as const,
      schema: pick('/u/s/a.xsd', 's/a.xsd'),
      catalog: pick('/u/s/catalog.xml', 's/catalog.xml'),
      maxErrors: '25',
    };
    expect(schemaOptionsOf(choice, 'validate')).toEqual({
      mode: 'file',
      file: '/u/s/a.xsd',
      catalogs: ['/u/s/catalog.xml'],
      maxErrors: 25,
    });
    expect(schemaOptionsOf(choice, 'stats')).toEqual(DEFAULT_SCHEMA_OPTIONS);
    expect(schemaOptionsOf({ ...choice, mode: 'auto' }, 'validate').file).toBeNull();
    expect(checkLabel(choice)).toBe('Valid against a.xsd');
    expect(checkLabel(NO_SCHEMA)).toBe('Well-formed');
  });

  it('says why Start must wait: no file chosen, a bad error count', () => {
    expect(schemaProblem({ ...NO_SCHEMA, mode: 'file' }, 'validate')).toBe(
      'Choose a schema file first',
    );
    expect(schemaProblem({ ...NO_SCHEMA, mode: 'auto', maxErrors: '0' }, 'validate')).toContain(
      'Max errors',
    );
    expect(schemaProblem({ ...NO_SCHEMA, mode: 'auto', maxErrors: '12' }, 'validate')).toBeNull();
    expect(schemaProblem({ ...NO_SCHEMA, mode: 'file' }, 'convert')).toBeNull();
  });
});
