/**
 * xmlpool's schema validation against xmllint (libxml2-utils, the same library natively), on a
 * mutation suite: every case's valid document and its mutations (mutations.ts). Verdicts must
 * agree on every document; the first error's line (xmlpool lists errors in line order, so its
 * first is compared with the lowest line xmllint reports) on at least 95% of the invalid ones.
 *
 * Accepted disagreements are listed in ACCEPTED with the reason; the suite fails if one of them
 * stops happening, so the list never goes stale.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { tempDirForTests } from '../split/split-test-support';
import { MUTATION_CASES, type MutationCase } from './mutation-cases';
import { mutate } from './mutations';
import { type LintVerdict, schemaContext, schemaJob, xmllintAll } from './schema-test-support';
import { validateAgainstSchema } from './validate-against-schema';

const temp = tempDirForTests();

/** Mutations per case: enough to touch every line kind, small enough for a 2-core machine. */
const PER_CASE = 40;

/**
 * Disagreements on the first error's line that are understood (case name → mutation label →
 * why). None is a verdict disagreement: those are never accepted.
 */
const ACCEPTED_LINES: Record<string, Record<string, string>> = {};

interface Outcome {
  caseName: string;
  label: string;
  ours: FileResult;
  lint: LintVerdict;
}

function lintArgs(testCase: MutationCase, dir: string): string[] {
  switch (testCase.check.kind) {
    case 'xsd':
      return ['--noent', '--schema', join(dir, testCase.check.schema)];
    case 'rng':
      return ['--noent', '--relaxng', join(dir, testCase.check.schema)];
    case 'dtd-file':
      return ['--dtdvalid', join(dir, testCase.check.schema)];
    case 'dtd-doctype':
      return ['--valid'];
  }
}

/** The lowest line xmllint reports, parser errors included. */
function lintFirstLine(lint: LintVerdict): number | null {
  return lint.lines.length === 0 ? null : Math.min(...lint.lines);
}

async function runCase(testCase: MutationCase, index: number): Promise<Outcome[]> {
  const dir = join(temp.path, `case-${index}`);
  for (const [name, text] of Object.entries(testCase.files))
    await temp.write(join(`case-${index}`, name), text);
  const options =
    testCase.check.kind === 'dtd-doctype'
      ? schemaJob({ mode: 'auto', file: null, maxErrors: 1000 })
      : schemaJob({ file: join(dir, testCase.check.schema), maxErrors: 1000 });
  const ctx = schemaContext(options);
  const documents = [
    { label: 'the valid document', document: testCase.document },
    ...mutate(testCase.document, PER_CASE),
  ];
  const checked: { label: string; path: string; ours: FileResult }[] = [];
  for (const [n, { label, document }] of documents.entries()) {
    const file = await temp.write(join(`case-${index}`, `doc-${n}.xml`), document);
    checked.push({ label, path: file.path, ours: await validateAgainstSchema(file, ctx) });
  }
  const lint = xmllintAll(
    lintArgs(testCase, dir),
    checked.map((entry) => entry.path),
  );
  return checked.map(({ label, path, ours }) => {
    const verdict = lint.get(path);
    if (verdict === undefined) throw new Error(`no xmllint verdict for ${path}`);
    return { caseName: testCase.name, label, ours, lint: verdict };
  });
}

describe('agreement with xmllint on a mutation suite', () => {
  it('agrees on every verdict and on the first error line of at least 95% of invalid documents', async () => {
    const outcomes: Outcome[] = [];
    for (const [index, testCase] of MUTATION_CASES.entries()) {
      const results = await runCase(testCase, index);
      // Each case's own document is valid, or the case tests nothing.
      expect(results[0]?.lint.valid, `${testCase.name}: ${results[0]?.lint.stderr}`).toBe(true);
      outcomes.push(...results);
    }
    const verdicts = outcomes.filter((o) => o.ours.ok !== o.lint.valid);
    expect(
      verdicts.map(
        (o) =>
          `${o.caseName} / ${o.label}: xmlpool ${o.ours.ok ? 'valid' : JSON.stringify(o.ours.errors[0])}, xmllint ${o.lint.stderr.trim()}`,
      ),
    ).toEqual([]);

    const invalid = outcomes.filter((o) => !o.lint.valid);
    const lineDisagreements = invalid.filter((o) => {
      const ours = o.ours.errors[0]?.line ?? null;
      return ours !== lintFirstLine(o.lint) && ACCEPTED_LINES[o.caseName]?.[o.label] === undefined;
    });
    const accepted = invalid.filter((o) => ACCEPTED_LINES[o.caseName]?.[o.label] !== undefined);
    for (const o of accepted) {
      // An accepted disagreement that no longer happens must leave the list.
      expect(o.ours.errors[0]?.line, `${o.caseName} / ${o.label} now agrees`).not.toBe(
        lintFirstLine(o.lint),
      );
    }
    const agreeing = invalid.length - lineDisagreements.length - accepted.length;
    console.log(
      `xmllint agreement: ${outcomes.length} documents (${invalid.length} invalid), verdicts all equal, first line equal on ${agreeing}/${invalid.length}`,
    );
    for (const o of lineDisagreements) {
      console.log(
        `  ${o.caseName} / ${o.label}: xmlpool line ${o.ours.errors[0]?.line}, xmllint ${lintFirstLine(o.lint)}: ${o.lint.stderr.split('\n')[0]}`,
      );
    }
    expect(invalid.length).toBeGreaterThan(200);
    expect(agreeing / invalid.length).toBeGreaterThanOrEqual(0.95);
  });
});
