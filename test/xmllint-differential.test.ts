/**
 * Differential tests against libxml2 (`xmllint --noout`), the reference parser: for each document
 * our scanner must give xmllint's verdict, well-formed or not. The cases are the corners where a
 * differential fuzz over 60,000 documents once found us too lenient (issue 10): `]]>` reaching
 * content through an entity, and qualified names whose part after the colon is not an NCName.
 * xmllint reports namespace errors on stderr but exits 0, so any "error" it prints counts as a
 * rejection.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan, utf8 } from './xml/scan';

const dir = mkdtempSync(join(tmpdir(), 'xmlpool-xmllint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** True when xmllint finds `xml` well-formed (namespace-well-formed included). */
function xmllintAccepts(xml: string, name: string): boolean {
  const file = join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  // A missing xmllint must not pass for a verdict.
  if (run.error) throw new Error(`xmllint did not run (Debian: libxml2-utils): ${run.error}`);
  return run.status === 0 && !/error/i.test(run.stderr);
}

function expectSameVerdicts(cases: readonly string[]): void {
  const disagreements = cases.flatMap((xml, i) => {
    const ours = scan(utf8(xml));
    const theirs = xmllintAccepts(xml, `case-${i}`);
    return ours.ok === theirs
      ? []
      : [{ xml, xmllint: theirs ? 'accepts' : 'rejects', ours: ours.error?.message ?? 'accepts' }];
  });
  expect(disagreements).toEqual([]);
}

/** First characters of the part after a colon: NCName starts, and name characters that are not. */
const LOCAL_STARTS = ['a', 'Z', '_', 'é', 'Ω', '中', '1', '-', '.', '·', '\u0300', '\u203f'];

describe('well-formedness agrees with xmllint', () => {
  it('on the part after the colon of element, attribute and namespace declaration names', () => {
    const cases = LOCAL_STARTS.flatMap((c) => [
      `<p:${c}a xmlns:p="urn:p"/>`,
      `<p:${c} xmlns:p="urn:p"/>`,
      `<r xmlns:p="urn:p" p:${c}b="x"/>`,
      `<r xmlns:${c}p="urn:p"/>`,
      `<p:r xmlns:p="urn:p"><p:${c}a/></p:r>`,
      `<${c}p:a xmlns:${c}p="urn:p"/>`,
    ]);
    expectSameVerdicts(cases);
  });

  it('on ]]> reaching content or attributes through entities', () => {
    const doc = (entities: string, body: string) => `<!DOCTYPE r [${entities}]>${body}`;
    expectSameVerdicts([
      doc('<!ENTITY e "]]>">', '<r>&e;</r>'),
      doc('<!ENTITY e "a]]>b">', '<r>x&e;y</r>'),
      doc('<!ENTITY e "]]&gt;">', '<r>&e;</r>'),
      doc('<!ENTITY e "]]&#62;">', '<r>&e;</r>'),
      doc('<!ENTITY e "&#93;]>">', '<r>&e;</r>'),
      doc('<!ENTITY e "]]>">', '<r a="&e;"/>'),
      doc('<!ENTITY e "]]>">', '<r/>'),
      doc('<!ENTITY e "<x>]]></x>">', '<r>&e;</r>'),
      doc('<!ENTITY e "<![CDATA[]]>]]>">', '<r>&e;</r>'),
      doc('<!ENTITY a "]]"><!ENTITY b "&a;>">', '<r>&b;</r>'),
      doc('<!ENTITY a "]]>"><!ENTITY b "x&a;">', '<r>&b;</r>'),
      doc('<!ENTITY e "]]>">', '<r><![CDATA[&e;]]></r>'),
      doc('<!ENTITY e "] ]>">', '<r>&e;</r>'),
    ]);
  });
});
