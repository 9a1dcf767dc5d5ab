/**
 * Property test: extract against a reference extraction on random documents. Each document is
 * generated as a tree (the reference DOM), serialised with every way XML has to write text
 * (plain with escapes, character references, a declared entity, CDATA, split pieces), and the
 * rows the engine extracts must equal what the column paths select in the tree. Covers nested
 * records, records deeper than the root's children, repeated and missing elements, mixed content,
 * namespaces matched by URI (also where another column matches the element by its written name),
 * and bad values. Each document is also read in small pieces (one
 * byte at a time, or a few), so records, names, references and UTF-8 characters are cut at every
 * boundary a read can fall on; the part must be the same bytes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseColumnSpec } from '../../shared/column-spec';
import { DEFAULT_JOB_OPTIONS, type JobOptions } from '../../shared/tasks';
import { extractFile } from './extract-file';
import { extractRange } from './extract-range';
import { rowPartPath } from './row-part';

const dir = mkdtempSync(path.join(tmpdir(), 'xmlpool-extract-ref-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Piece = { kind: 'plain' | 'charref' | 'entity' | 'cdata'; text: string };
interface El {
  name: string;
  attrs: [string, string][];
  children: (El | Piece)[];
}

const ENTITY_TEXT = 'E!';
const CHARS = ['a', 'b', ' ', '\n', '\t', '&', '<', '>', '"', ',', 'é', '=', '1', '-', '语'];

const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((chars) => chars.join(''));
const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.record({ kind: fc.constant('plain' as const), text }),
  fc.record({ kind: fc.constant('charref' as const), text: fc.constantFrom('A', 'é', '<', '&') }),
  fc.record({ kind: fc.constant('entity' as const), text: fc.constant(ENTITY_TEXT) }),
  fc.record({
    kind: fc.constant('cdata' as const),
    text: text.filter((t) => !t.includes(']]>')),
  }),
);
const attrValue = fc
  .array(fc.constantFrom('a', 'b', ' ', '&', '<', '"', '7', '-', 'x'), { maxLength: 6 })
  .map((chars) => chars.join(''));
const intText = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('007', '+5', ' 12 ', 'x1', '1.5', ''),
);

function el(name: string, attrs: [string, string][], children: (El | Piece)[]): El {
  return { name, attrs, children };
}

/** A record: optional id, optional <v>, optional <x n=".."> with 0–3 <w>, a namespaced value. */
const record: fc.Arbitrary<El> = fc
  .record({
    id: fc.option(attrValue, { nil: null }),
    lead: fc.array(piece, { maxLength: 2 }),
    v: fc.option(
      fc.record({
        pieces: fc.array(piece, { maxLength: 3 }),
        inner: fc.array(piece, { maxLength: 2 }),
      }),
      { nil: null },
    ),
    x: fc.option(
      fc.record({
        n: fc.option(intText, { nil: null }),
        ws: fc.array(fc.array(piece, { maxLength: 2 }), { maxLength: 3 }),
      }),
      { nil: null },
    ),
    pv: fc.option(
      fc.record({ prefix: fc.constantFrom('p', 'q'), pieces: fc.array(piece, { maxLength: 2 }) }),
      {
        nil: null,
      },
    ),
    nested: fc.boolean(),
  })
  .map(({ id, lead, v, x, pv, nested }) => {
    const children: (El | Piece)[] = [...lead];
    if (v) children.push(el('v', [], [...v.pieces, el('b', [], v.inner), ...v.pieces]));
    if (x) {
      children.push(
        el(
          'x',
          x.n === null ? [] : [['n', x.n]],
          x.ws.map((w) => el('w', [], w)),
        ),
      );
    }
    if (pv) children.push(el(`${pv.prefix}:v`, [], pv.pieces));
    // A row element inside a record is just content of that record.
    if (nested) children.push(el('rec', [['id', 'inner']], [{ kind: 'plain', text: 'in' }]));
    return el('rec', id === null ? [] : [['id', id]], children);
  });

const documentTree = fc
  .array(fc.record({ rec: record, grouped: fc.boolean(), other: fc.boolean() }), { maxLength: 6 })
  .map((items) =>
    el(
      'root',
      [],
      items.flatMap(({ rec, grouped, other }) => [
        ...(other ? [el('other', [['id', 'no']], [{ kind: 'plain' as const, text: 'skip' }])] : []),
        grouped ? el('group', [], [rec]) : rec,
      ]),
    ),
  );

function escapeText(t: string): string {
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(t: string): string {
  return escapeText(t).replace(/"/g, '&quot;');
}

function serialize(node: El | Piece): string {
  if ('kind' in node) {
    switch (node.kind) {
      case 'plain':
        return escapeText(node.text);
      case 'charref':
        return `&#x${(node.text.codePointAt(0) ?? 0).toString(16)};`;
      case 'entity':
        return '&e;';
      case 'cdata':
        return `<![CDATA[${node.text}]]>`;
    }
  }
  const attrs = node.attrs.map(([name, value]) => ` ${name}="${escapeAttr(value)}"`).join('');
  // q is bound to the same URI as p, so q:v must match p:v by namespace.
  const ns = node.name === 'root' ? ' xmlns:p="urn:p" xmlns:q="urn:p"' : '';
  return `<${node.name}${ns}${attrs}>${node.children.map(serialize).join('')}</${node.name}>`;
}

// --- the reference: the same selections made on the tree ---------------------------------

function isEl(node: El | Piece): node is El {
  return !('kind' in node);
}

function stringValue(node: El | Piece): string {
  return isEl(node) ? node.children.map(stringValue).join('') : node.text;
}

const trim = (t: string) => t.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');

function records(node: El): El[] {
  if (node.name === 'rec') return [node];
  return node.children.filter(isEl).flatMap(records);
}

function refInt(t: string): number | null | 'bad' {
  const s = trim(t);
  if (s === '') return null;
  if (!/^[+-]?[0-9]+$/.test(s)) return 'bad';
  return Number(s);
}

function reference(tree: El): { rows: Record<string, unknown>[]; bad: number } {
  let bad = 0;
  const rows = records(tree).map((rec) => {
    const child = (name: string) => rec.children.filter(isEl).find((c) => c.name === name);
    const v = child('v');
    const x = child('x');
    const pv = rec.children.filter(isEl).find((c) => c.name === 'p:v' || c.name === 'q:v');
    // q is not given with --ns: matched by its written name only.
    const qv = child('q:v');
    const id = rec.attrs.find(([name]) => name === 'id');
    const n = x?.attrs.find(([name]) => name === 'n');
    // A list with no match is null, like any missing path.
    const ws = x ? x.children.filter(isEl).map((w) => trim(stringValue(w))) : [];
    let nValue: number | null = null;
    if (n) {
      const parsed = refInt(n[1]);
      if (parsed === 'bad') bad++;
      else nValue = parsed;
    }
    return {
      id: id ? trim(id[1]) : null,
      v: v ? trim(stringValue(v)) : null,
      vt: v
        ? trim(
            v.children
              .filter((c) => !isEl(c))
              .map(stringValue)
              .join(''),
          )
        : null,
      ws: ws.length === 0 ? null : ws,
      n: nValue,
      all: trim(stringValue(rec)),
      pv: pv ? trim(stringValue(pv)) : null,
      qv: qv ? trim(stringValue(qv)) : null,
    };
  });
  return { rows, bad };
}

const COLUMNS = parseColumnSpec(
  'id=@id, v=v, vt=v/text(), ws=x/w:string[], n=x/@n:int, all=., pv=p:v, qv=q:v',
);

describe('extract against a reference extraction', () => {
  it('gives the rows the column paths select in the tree', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(documentTree, fc.integer({ min: 1, max: 40 }), async (tree, readBytes) => {
        const name = `doc-${run++}.xml`;
        const xml = `<?xml version="1.0"?>\n<!DOCTYPE root [<!ENTITY e "${ENTITY_TEXT}">]>\n${serialize(tree)}\n`;
        const file = path.join(dir, name);
        writeFileSync(file, xml);
        const options: JobOptions = {
          ...DEFAULT_JOB_OPTIONS,
          task: 'extract',
          workers: 1,
          rowTag: 'rec',
          extract: {
            ...DEFAULT_JOB_OPTIONS.extract,
            format: 'ndjson',
            columns: COLUMNS,
            namespaces: [{ prefix: 'p', uri: 'urn:p' }],
          },
        };
        const result = await extractFile(
          { path: file, size: Buffer.byteLength(xml), index: run, relative: name },
          {
            options,
            signal: new AbortController().signal,
            progress: () => {},
            workerId: 1,
            outputDir: dir,
          },
        );
        expect(result.errors).toEqual([]);
        const part = readFileSync(rowPartPath(dir, run, 0), 'utf8');
        const lines = part.split('\n').filter(Boolean);
        const expected = reference(tree);
        expect(lines.map((line) => JSON.parse(line))).toEqual(expected.rows);
        expect(result.extract).toEqual({ rows: expected.rows.length, badValues: expected.bad });

        // The same document read in pieces of `readBytes` (and of one byte): the same part.
        for (const bytes of new Set([readBytes, 1])) {
          const pieces = await extractRange({
            request: {
              path: file,
              fileSize: Buffer.byteLength(xml),
              start: 0,
              root: null,
              entityUse: null,
              stop: null,
              readBytes: bytes,
              limits: options.limits,
              signal: new AbortController().signal,
              onProgress: () => {},
            },
            options,
            source: name,
            partPath: path.join(dir, `pieces-${run}-${bytes}.part`),
            namespaces: [],
          });
          expect(pieces.scan.error).toBeNull();
          expect(pieces.badValues).toBe(expected.bad);
          expect(readFileSync(pieces.part ?? '', 'utf8')).toBe(part);
        }
      }),
      { numRuns: 150, seed: 12 },
    );
  });
});
