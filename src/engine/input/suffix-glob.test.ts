import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { globbable } from './expand';
import { suffixMatcher, suffixOfGlob } from './suffix-glob';

/** Characters that make names interesting to a glob matcher. */
const NAME_CHARS = [...'axmlXML.-_ \n\r\t\u2028é*?[]{}!|"\\/0'];
const SUFFIX_CHARS = [...'axmlX.-_0gz'];

const names = fc.oneof(
  fc.array(fc.constantFrom(...NAME_CHARS), { maxLength: 10 }).map((cs) => cs.join('')),
  fc.string(),
  fc.constantFrom('.', '..', '.xml', 'a.xml', '\na.xml', 'a\n.xml', 'a.xml\n', 'a.XML', '..xml'),
);
const suffixGlobs = fc
  .array(fc.constantFrom(...SUFFIX_CHARS), { minLength: 1, maxLength: 6 })
  .map((cs) => `*${cs.join('')}`);

describe('suffix globs', () => {
  it('takes only `*` and a plain suffix; anything else goes to picomatch', () => {
    expect(suffixOfGlob('*.xml')).toBe('.xml');
    expect(suffixOfGlob('*.tar.gz')).toBe('.tar.gz');
    for (const glob of ['*.{xml,xsd}', '*.x?l', 'a*.xml', '**/*.xml', '*.xml|*.x', '*"x', '*']) {
      expect(suffixOfGlob(glob), glob).toBeNull();
    }
    expect(suffixMatcher(['*.xml', 'data-*.xml'])).toBeNull();
  });

  it('matches every name exactly as picomatch does', () => {
    fc.assert(
      fc.property(fc.array(suffixGlobs, { minLength: 1, maxLength: 3 }), names, (globs, name) => {
        const ours = suffixMatcher(globs);
        expect(ours).not.toBeNull();
        const matchable = globbable(name);
        expect(ours?.(matchable), `${JSON.stringify(globs)} on ${JSON.stringify(name)}`).toBe(
          picomatch(globs, { dot: true })(matchable),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
