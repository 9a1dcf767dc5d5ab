/** What kind of schema a file is, and why one cannot be used. */
import { describe, expect, it } from 'vitest';
import { tempDirForTests } from '../split/split-test-support';
import { schemaKindOfFile } from './schema-kind';

const temp = tempDirForTests();

describe('schemaKindOfFile', () => {
  it('says a RELAX NG compact schema is not supported, and how to convert it', async () => {
    const compact = await temp.write(
      'rnc/catalog.rnc',
      '# catalog\ndefault namespace = ""\nstart = element catalog { empty }\n',
    );
    const named = await temp.write('rnc/patterns.rnc', 'catalog = element catalog { empty }\n');
    const unnamed = await temp.write(
      'rnc/catalog.schema',
      'grammar { start = element a { text } }',
    );
    for (const file of [compact, named, unnamed]) {
      expect(schemaKindOfFile(file.path)).toEqual({
        ok: false,
        reason:
          'it is a RELAX NG schema in the compact syntax (.rnc), which libxml2 does not read: convert it to the XML syntax first, e.g. with trang (`trang schema.rnc schema.rng`)',
      });
    }
    const text = await temp.write('rnc/notes.txt', 'just some notes\n');
    expect(schemaKindOfFile(text.path)).toEqual({
      ok: false,
      reason: 'it is neither an XML document nor a DTD (no root element or declaration found)',
    });
  });
});
