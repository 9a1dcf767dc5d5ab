/**
 * Split equality: for each known splitting trap, the merged result of many chunks must equal the
 * sequential (1-worker) result exactly. Chunks run in-process through runChunk, the code a pool
 * worker runs; the chunk size is shrunk so small files split into dozens of chunks.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../shared/results';
import { DEFAULT_SCAN_LIMITS, type JobOptions, type TaskName } from '../../shared/tasks';
import { statsFile } from '../tasks/stats';
import type { FileRef } from '../tasks/types';
import { validateFile } from '../tasks/validate';
import { planSplit } from './plan';
import { processSplitFile } from './process-split-file';
import { runChunk } from './run-chunk';
import {
  inProcessSubmit,
  jobOptions,
  SMALL_CHUNKS,
  taskContext,
  tempDirForTests,
} from './split-test-support';

const temp = tempDirForTests();

/** Deterministic pseudo-random numbers, so generated files are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function rows(count: number, row: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(row(i));
  return parts.join('');
}

const comparable = (result: FileResult) => ({
  ok: result.ok,
  elements: result.elements,
  errors: result.errors,
  stats: result.stats,
  warnings: result.warnings,
});

async function expectSplitEqualsSequential(
  file: FileRef,
  rowTag: string,
  tasks: TaskName[] = ['validate', 'stats'],
  overrides: Partial<JobOptions> = {},
): Promise<{ chunks: number; runs: number; results: FileResult[] }> {
  const results: FileResult[] = [];
  let chunks = 0;
  let runs = 0;
  for (const task of tasks) {
    const options = jobOptions(task, { rowTag, ...overrides });
    const ctx = taskContext(options, temp.path);
    const plan = await planSplit(file, rowTag, 2, options, SMALL_CHUNKS);
    if (!plan) throw new Error(`expected ${file.relative} to be split`);
    const pool = inProcessSubmit(ctx);
    const split = await processSplitFile(file, plan, options, pool.submit);
    const sequential = await (task === 'stats' ? statsFile : validateFile)(file, ctx);
    expect(comparable(split)).toEqual(comparable(sequential));
    expect(split.split).toMatchObject({ rowTag, detected: false });
    chunks = plan.chunks.length;
    runs = pool.runs();
    results.push(split);
  }
  expect(chunks).toBeGreaterThanOrEqual(8);
  return { chunks, runs, results };
}

describe('split equals sequential', () => {
  it('plain records', async () => {
    const next = random(1);
    const body = rows(
      12_000,
      (i) => `<row id="${i}"><name>n${i}</name><v>${Math.floor(next() * 1e6)}</v></row>\n`,
    );
    const file = await temp.write('plain.xml', `<?xml version="1.0"?>\n<table>\n${body}</table>\n`);
    const { results } = await expectSplitEqualsSequential(file, 'row');
    expect(results[0]?.ok).toBe(true);
  });

  it('row tag inside comments, CDATA and processing instructions', async () => {
    const body = rows(
      9_000,
      (i) =>
        `<!-- <row id="fake"> --><row id="${i}"><![CDATA[ <row> </row> ]]><?note <row ?>x</row>\n`,
    );
    const file = await temp.write('traps.xml', `<table>${body}</table>`);
    const { chunks, runs } = await expectSplitEqualsSequential(file, 'row');
    // Most chunks start at a fake candidate and had to be re-run from the verified offset.
    expect(runs).toBeGreaterThan(chunks);
  });

  it('row tag inside an attribute value (not well-formed) just after a chunk edge', async () => {
    // Place the attribute's `<row>` right after the 8th chunk's range start, so that chunk's
    // candidate is the fake one inside the attribute value.
    const edge = 8 * SMALL_CHUNKS.maxChunkBytes;
    let text = '<table>\n';
    let i = 0;
    while (text.length < edge - 40) text += `<row a="x&gt;y">${i++}</row>\n`;
    text += `<row note="${'x'.repeat(edge - text.length - 11)}<row>">bad</row>\n`;
    expect(text.indexOf('<row>">bad')).toBe(edge);
    while (i < 20_000) text += `<row a="x&gt;y">${i++}</row>\n`;
    const file = await temp.write('attribute.xml', `${text}</table>`);
    const { results } = await expectSplitEqualsSequential(file, 'row');
    expect(results[0]?.ok).toBe(false);
    expect(results[0]?.errors[0]?.offset).toBe(edge);
    // The trap was real: that chunk on its own started at the fake candidate.
    const options = jobOptions('validate', { rowTag: 'row' });
    const plan = await planSplit(file, 'row', 2, options, SMALL_CHUNKS);
    const trapped = plan?.chunks[8];
    if (!trapped) throw new Error('expected a ninth chunk');
    const alone = await runChunk(
      { kind: 'chunk', file, chunk: trapped },
      taskContext(options, temp.path),
    );
    expect(alone.start).toBe(edge);
  });

  it('nested same-name rows and self-closing rows', async () => {
    const body = rows(9_000, (i) =>
      i % 3 === 0
        ? `<row id="${i}"><row>inner<row/></row><row kind="nested"/></row>\n`
        : i % 3 === 1
          ? `<row id="${i}"/>\n`
          : `<row/><row\n  id="${i}"\n/>\n`,
    );
    const file = await temp.write('nested.xml', `<table>${body}</table>`);
    const { chunks, runs } = await expectSplitEqualsSequential(file, 'row');
    // Chunks that started at a nested row were caught and re-run.
    expect(runs).toBeGreaterThan(chunks);
  });

  it('namespace prefixes declared on the root and used in rows', async () => {
    const body = rows(
      9_000,
      (i) =>
        `<p:row p:id="${i}" q:flag="y"><p:name>n</p:name><item xmlns="urn:inner">${i}</item></p:row>\n`,
    );
    const file = await temp.write(
      'namespaces.xml',
      `<p:table xmlns:p="urn:p" xmlns:q="urn:q" xmlns="urn:default">${body}</p:table>`,
    );
    await expectSplitEqualsSequential(file, 'p:row');
  });

  it('stats caps: paths over the per-path cap in every chunk, merged without a re-run', async () => {
    // Each row nests four 300-character names: its deepest paths pass 1,000 characters. That
    // cut does not depend on where a chunk starts, so the chunks merge as they are.
    const names = [1, 2, 3, 4].map((n) => `l${n}${'x'.repeat(298)}`);
    const nest = (i: number) =>
      `${names.map((name) => `<${name}>`).join('')}${i}${[...names]
        .reverse()
        .map((name) => `</${name}>`)
        .join('')}`;
    const body = rows(150, (i) => `<row>${nest(i)}</row>\n`);
    const file = await temp.write('long-paths.xml', `<table>${body}</table>`);
    const { results, runs, chunks } = await expectSplitEqualsSequential(file, 'row', ['stats']);
    expect(results[0]?.stats?.pathsTruncated).toBe(true);
    expect(results[0]?.stats?.paths.map((entry) => entry.path.length)).toEqual([
      6, 10, 311, 612, 913,
    ]);
    expect(runs).toBe(chunks);
  });

  it('stats caps: count and total caps the merge reaches, as one scan reaches them', async () => {
    // Every row declares a namespace of its own (1,500 in all, over the cap of 1,000) and has a
    // child of a name of its own, 890 characters long (past the cap of 1,000,000 in all). No
    // chunk alone reaches a cap: the merge applies them.
    const child = (i: number) => `c${String(i).padStart(5, '0')}${'y'.repeat(884)}`;
    const body = rows(1_500, (i) => `<row xmlns:p${i}="urn:row:${i}"><${child(i)}/></row>\n`);
    const file = await temp.write('caps.xml', `<table xmlns="urn:t">${body}</table>`);
    const { results, runs, chunks } = await expectSplitEqualsSequential(file, 'row', ['stats']);
    const stats = results[0]?.stats;
    expect(stats).toMatchObject({ pathsTruncated: true, namespacesTruncated: true });
    expect(stats?.namespaces).toHaveLength(1_000);
    expect(results[0]?.warnings?.map((w) => w.code)).toEqual([
      'paths-truncated',
      'namespaces-truncated',
    ]);
    expect(runs).toBe(chunks);
  });

  it('stats caps: a later chunk that reaches a cap alone makes the file run whole', async () => {
    // ~1,100 declarations in every chunk: each chunk's own list is cut, differently from one scan.
    const body = rows(20_000, (i) => `<row xmlns:p${i}="u${i}"/>\n`);
    const file = await temp.write('many-namespaces.xml', `<table>${body}</table>`);
    const { results, runs, chunks } = await expectSplitEqualsSequential(file, 'row', ['stats']);
    expect(results[0]?.stats?.namespaces.at(-1)).toEqual({ prefix: 'p999', uri: 'u999' });
    expect(runs).toBe(chunks + 1);
  });

  it('entities declared in the DOCTYPE', async () => {
    const body = rows(9_000, (i) => `<row n="${i}&co;">&co; &amp; &sig;</row>\n`);
    const file = await temp.write(
      'entities.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE table [\n<!ENTITY co "ACME">\n<!ENTITY sig "&co; &#169; 2024">\n]>\n<table>${body}</table>`,
    );
    const { results } = await expectSplitEqualsSequential(file, 'row');
    expect(results[0]?.ok).toBe(true);
  });

  it('entity expansion limits count over the whole file, not per chunk', async () => {
    // Every row expands the same entities; no chunk alone reaches the limits, the file does, in a
    // late chunk. A sequential scan fails there, so the split must too, at the same place.
    const doctype = `<!DOCTYPE table [<!ENTITY a "${'x'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;">]>`;
    const file = await temp.write(
      'expansions.xml',
      `${doctype}<table>${rows(12_000, (i) => `<row n="${i}">&b;</row>\n`)}</table>`,
    );
    const cases: Partial<typeof DEFAULT_SCAN_LIMITS>[] = [
      { maxEntityExpansions: 30_000 },
      { maxEntityExpandedChars: 3_000_000 },
    ];
    for (const limit of cases) {
      const limits = { ...DEFAULT_SCAN_LIMITS, ...limit };
      const { results, runs, chunks } = await expectSplitEqualsSequential(
        file,
        'row',
        ['validate', 'stats'],
        { limits },
      );
      expect(results[0]?.errors[0]?.kind).toBe('limit');
      expect(results[0]?.errors[0]?.line).toBeGreaterThan(6_000);
      // Only the chunk where the limit trips is re-run with the earlier chunks' counts.
      expect(runs).toBeLessThanOrEqual(chunks + 1);
    }
  });

  it('the expanded-characters limit in attribute values, in chunks with no content expansion', async () => {
    // The character limit only trips once expansion also passes 10 times the bytes read. Rows
    // first expand an entity in content, then only in attribute values: a later chunk sees
    // attribute expansions before any content one, and must still measure against the bytes
    // the file read so far, not zero (found by fuzzing the CLI).
    const doctype = `<!DOCTYPE table [<!ENTITY s "y"><!ENTITY big "${'x'.repeat(300)}">]>`;
    const contentRows = rows(6_000, (i) => `<row n="${i}">&s;</row>\n`);
    const attributeRows = rows(40_000, () => `<row a="&big;"/>\n`);
    const file = await temp.write(
      'attribute-expansions.xml',
      `${doctype}<table>${contentRows}${attributeRows}</table>`,
    );
    const limits = { ...DEFAULT_SCAN_LIMITS, maxEntityExpandedChars: 100_000 };
    const { results } = await expectSplitEqualsSequential(file, 'row', ['validate', 'stats'], {
      limits,
    });
    expect(results[0]?.errors[0]?.kind).toBe('limit');
    // Past 10 times the bytes read, well after the attribute rows began.
    expect(results[0]?.errors[0]?.offset).toBeGreaterThan(contentRows.length + 50_000);
  });

  it('qualified names and ]]> from entities, rejected in a late chunk as in one scan', async () => {
    // Chunks resume with the root's namespaces and entities: the checks a late chunk makes on
    // them must be the sequential scan's (issue 10: both were once too lenient).
    const doctype = '<!DOCTYPE table [<!ENTITY ok "]]&gt;"><!ENTITY bad "a]]>b">]>\n';
    const root = '<table xmlns:p="urn:p">\n';
    const late = [
      '<row><p:1a/></row>\n',
      '<row p:-b="x"/>\n',
      '<row xmlns:.q="urn:q"/>\n',
      '<row>&bad;</row>\n',
    ];
    for (const [n, bad] of late.entries()) {
      const body = rows(12_000, (i) => (i === 10_500 ? bad : `<row p:id="${i}">&ok;</row>\n`));
      const file = await temp.write(`late-wf-${n}.xml`, `${doctype}${root}${body}</table>`);
      const { results } = await expectSplitEqualsSequential(file, 'row');
      expect(results[0]?.ok, bad).toBe(false);
      expect(results[0]?.errors[0]?.line, bad).toBe(10_503);
    }
  });

  it('multi-byte UTF-8 at chunk edges', async () => {
    const text = 'é€😀ñ中文';
    const body = rows(8_000, (i) => `<row k="${text}">${text.repeat((i % 7) + 1)}</row>\n`);
    // With a byte order mark, which the first chunk skips and columns do not count.
    const file = await temp.write('utf8.xml', `\uFEFF<table>${body}</table>`);
    await expectSplitEqualsSequential(file, 'row');
  });

  it('an error in a later chunk has the sequential line, column and offset', async () => {
    const body = rows(12_000, (i) =>
      i === 10_123 ? `<row>é€ <b>oops</c></row>\n` : `<row id="${i}">é</row>\n`,
    );
    const file = await temp.write('late-error.xml', `\uFEFF<table>\n${body}</table>`);
    const { results } = await expectSplitEqualsSequential(file, 'row');
    expect(results[0]?.errors[0]?.line).toBe(10_125);
  });

  it('an error on the first line of a chunk (long single-line file)', async () => {
    const body = rows(20_000, (i) => (i === 17_000 ? '<row>&undefined;</row>' : `<row i="${i}"/>`));
    const file = await temp.write('one-line.xml', `<table>${body}</table>`);
    const { results } = await expectSplitEqualsSequential(file, 'row');
    expect(results[0]?.errors[0]?.line).toBe(1);
  });

  it('a truncated file', async () => {
    const body = rows(25_000, (i) => `<row>${i}</row>\n`);
    const file = await temp.write('truncated.xml', `<table>${body}<row>cut`);
    const { results } = await expectSplitEqualsSequential(file, 'row');
    expect(results[0]?.ok).toBe(false);
  });

  it('errors naming the root, which opened before the chunk', async () => {
    const body = rows(25_000, (i) => `<row>${i}</row>\n`);
    const unclosed = await temp.write('unclosed-root.xml', `\n  <table>${body}`);
    const { results } = await expectSplitEqualsSequential(unclosed, 'row');
    expect(results[0]?.errors[0]?.message).toContain('<table> opened at 2:3');
    const mismatch = await temp.write('mismatched-root.xml', `<table>${body}</wrong>`);
    const second = await expectSplitEqualsSequential(mismatch, 'row');
    expect(second.results[0]?.errors[0]?.message).toContain('<table> opened at 1:1');
  });

  it('content after the root closes', async () => {
    const body = rows(25_000, (i) => `<row>${i}</row>\n`);
    const file = await temp.write('epilogue.xml', `<table>${body}</table>\n<row>again</row>\n`);
    const { results } = await expectSplitEqualsSequential(file, 'row');
    expect(results[0]?.ok).toBe(false);
  });
});

describe('cancel', () => {
  it('a cancelled split reports the cancel and leaves no part files', async () => {
    const file = await temp.write(
      'cancel.xml',
      `<table>${rows(10_000, (i) => `<row>${i}</row>`)}</table>`,
    );
    const options = jobOptions('convert', { rowTag: 'row' });
    const plan = await planSplit(file, 'row', 2, options, SMALL_CHUNKS);
    if (!plan) throw new Error('expected a split');
    const outputDir = join(temp.path, 'cancel-out');
    const controller = new AbortController();
    controller.abort();
    const ctx = { ...taskContext(options, outputDir), signal: controller.signal };
    const result = await processSplitFile(file, plan, options, inProcessSubmit(ctx).submit);
    expect(result.ok).toBe(false);
    expect(result.errors[0]?.kind).toBe('cancelled');
    expect(await readdir(outputDir).catch(() => [])).toEqual([]);
  });
});

describe('row tag auto-detection', () => {
  it('detects the uniform child of the root and reports it', async () => {
    const body = rows(10_000, (i) => `<record id="${i}"><v>${i}</v></record>\n`);
    const file = await temp.write('auto.xml', `<dump>\n${body}</dump>`);
    const options = jobOptions('stats', { rowTag: 'auto' });
    const plan = await planSplit(file, 'auto', 2, options, SMALL_CHUNKS);
    expect(plan).toMatchObject({ rowTag: 'record', detected: true });
    if (!plan) return;
    const ctx = taskContext(options, temp.path);
    const split = await processSplitFile(file, plan, options, inProcessSubmit(ctx).submit);
    expect(comparable(split)).toEqual(comparable(await statsFile(file, ctx)));
    expect(split.split).toMatchObject({ rowTag: 'record', detected: true });
  });

  it('refuses mixed children, a single wrapper, nested records, and other encodings', async () => {
    const options = jobOptions('validate', { rowTag: 'auto' });
    const mixed = await temp.write(
      'mixed.xml',
      `<dump>${rows(5_000, (i) => (i % 2 ? `<a>${i}</a>` : `<b>${i}</b>`))}</dump>`,
    );
    const wrapper = await temp.write(
      'wrapper.xml',
      `<dump><items>${rows(5_000, (i) => `<item>${i}</item>`)}</items></dump>`,
    );
    const nested = await temp.write(
      'nested-auto.xml',
      `<dump>${rows(5_000, (i) => `<r><r>${i}</r></r>`)}</dump>`,
    );
    const latin1 = await temp.write(
      'latin1.xml',
      Buffer.from(
        `<?xml version="1.0" encoding="ISO-8859-1"?><dump>${rows(5_000, () => '<r>\u00e9</r>')}</dump>`,
        'latin1',
      ),
    );
    for (const file of [mixed, wrapper, nested, latin1]) {
      expect(await planSplit(file, 'auto', 2, options, SMALL_CHUNKS)).toBeNull();
    }
    expect(await planSplit(latin1, 'r', 2, options, SMALL_CHUNKS)).toBeNull();
  });

  it('does not split small files with the default sizes', async () => {
    const file = await temp.write('small.xml', `<t>${rows(1000, () => '<r/>')}</t>`);
    expect(await planSplit(file, 'r', 2, jobOptions('validate'))).toBeNull();
  });
});
