/**
 * Fragment mode: a document scanned as 2-5 record-aligned fragments (readPrologContext + content
 * mode + stop) gives the same counts and the same first error as one sequential scan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../test/xml/scan';
import { shiftScanError, XmlScanError } from './errors';
import { readPrologContext } from './prolog-context';
import { type XmlHandler, XmlScanner } from './scanner';
import { XmlStreamScanner } from './stream-scanner';

interface Tally {
  elements: number;
  textBytes: number;
  attributes: number;
  error: { message: string; line: number; column: number; offset: number } | null;
}

function counter(tally: Tally): XmlHandler {
  return {
    startElement(_n, _d, _o, attributes) {
      tally.elements++;
      tally.attributes += attributes.length;
    },
    text(n) {
      tally.textBytes += n;
    },
  };
}

function sequential(bytes: Uint8Array): Tally {
  const tally: Tally = { elements: 0, textBytes: 0, attributes: 0, error: null };
  const scanner = new XmlStreamScanner(counter(tally));
  try {
    scanner.write(bytes);
    scanner.end();
  } catch (error) {
    if (!(error instanceof XmlScanError)) throw error;
    tally.error = {
      message: error.message,
      line: error.line,
      column: error.column,
      offset: error.offset,
    };
  }
  return tally;
}

/** Scans [prolog] + fragments starting at `starts`, merging as the split engine would. */
async function fragmented(bytes: Uint8Array, rowTag: string, starts: number[]): Promise<Tally> {
  const tally: Tally = { elements: 0, textBytes: 0, attributes: 0, error: null };
  const prolog = await readPrologContext(bytes);
  if (!prolog.ok) throw new Error(`prolog failed: ${prolog.error.message}`);
  tally.elements = 1; // the root start tag belongs to the prolog scan
  tally.attributes = countRootAttributes(bytes);
  const bounds = [prolog.offset, ...starts.filter((s) => s > prolog.offset)];
  let line = prolog.line;
  let column = prolog.column;
  for (let k = 0; k < bounds.length; k++) {
    const start = bounds[k] as number;
    const next = bounds[k + 1];
    const scanner = new XmlScanner(counter(tally), {
      startOffset: start,
      context: prolog.context,
      ...(next === undefined ? {} : { stop: { rowTag, fromOffset: next } }),
    });
    try {
      // Give the fragment everything to the end of the file: it stops at its boundary itself.
      for (let at = start; at < bytes.length && !scanner.stopped; at += 7) {
        scanner.write(bytes.subarray(at, Math.min(bytes.length, at + 7)));
      }
      if (!scanner.stopped) scanner.finish();
    } catch (error) {
      if (!(error instanceof XmlScanError)) throw error;
      const shifted = shiftScanError(error, line, column);
      tally.error = {
        message: shifted.message,
        line: shifted.line,
        column: shifted.column,
        offset: shifted.offset,
      };
      return tally;
    }
    if (next !== undefined) expect(scanner.stoppedAt).toBe(next);
    const at = scanner.position();
    line += at.lineBreaks;
    column = at.lineBreaks === 0 ? column + at.charsSinceLineBreak : at.charsSinceLineBreak + 1;
  }
  return tally;
}

function countRootAttributes(bytes: Uint8Array): number {
  let n = 0;
  new XmlStreamScanner(
    {
      startElement(_n, depth, _o, attributes) {
        if (depth === 1) n = attributes.length;
      },
    },
    { stopAfterRootStart: true },
  ).write(bytes);
  return n;
}

const records = fc.array(
  fc.record({
    id: fc.nat(999),
    text: fc.constantFrom(
      'plain',
      'é€𝄞',
      'a &amp; b',
      '&e;',
      'line\nbreak',
      '\r\n',
      '<![CDATA[x<y]]>',
    ),
    nested: fc.boolean(),
  }),
  { minLength: 1, maxLength: 12 },
);

function documentOf(
  rows: { id: number; text: string; nested: boolean }[],
  breakAt: number | null,
): string {
  const body = rows
    .map((r, i) => {
      const inner = r.nested ? `<row><x/></row>` : '';
      const row = `  <row id="${r.id}">\n    <v>${r.text}</v>${inner}</row>\n`;
      return i === breakAt ? row.replace('</v>', '</w>') : row;
    })
    .join('');
  return `<?xml version="1.0"?>\n<!DOCTYPE rows [<!ENTITY e "<b>é</b>">]>\n<rows xmlns="urn:r" a="1">\n${body}<!-- end --></rows>\n`;
}

function rowStarts(doc: string): number[] {
  const bytes = utf8(doc);
  const starts: number[] = [];
  const needle = utf8('\n  <row ');
  for (let i = 0; i + needle.length <= bytes.length; i++) {
    let same = true;
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) same = false;
    if (same) starts.push(i + 3);
  }
  return starts;
}

describe('fragment mode', () => {
  it('readPrologContext returns the root context', async () => {
    const doc =
      '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e "x"><!ENTITY f SYSTEM "f.xml">]>\n<r xmlns="urn:d" xmlns:p="urn:p">\n<row/></r>';
    const prolog = await readPrologContext(utf8(doc));
    expect(prolog).toMatchObject({
      ok: true,
      encoding: 'UTF-8',
      rootName: 'r',
      namespaces: { '': 'urn:d', p: 'urn:p' },
      entities: { e: 'x' },
      externalEntities: ['f'],
      offset: doc.indexOf('\n<row'),
      line: 3,
      column: 34,
      rootLine: 3,
      rootColumn: 1,
    });
  });

  it('readPrologContext reports the first error like a full scan', async () => {
    const prolog = await readPrologContext(utf8('<?xml version="1.0"?>\n<r a="1" a="2">'));
    expect(prolog).toMatchObject({
      ok: false,
      error: { line: 2, column: 10, message: "attribute 'a' appears twice in <r>" },
    });
  });

  it('stops before the first row start tag at or after fromOffset, at the right depth only', () => {
    const doc = '<r><row><row/></row><row/></r>';
    const scanner = new XmlScanner({}, { stop: { rowTag: 'row', fromOffset: 4 } });
    scanner.write(utf8(doc));
    expect(scanner.stoppedAt).toBe(doc.indexOf('<row/></r>'));
    expect(scanner.position()).toMatchObject({ line: 1, column: doc.indexOf('<row/></r>') + 1 });
  });

  it('2-5 fragments give the same counts and first error as a sequential scan', async () => {
    await fc.assert(
      fc.asyncProperty(
        records,
        fc.option(fc.nat(11), { nil: null }),
        fc.nat(),
        async (rows, breakAt, pick) => {
          const doc = documentOf(rows, breakAt !== null && breakAt < rows.length ? breakAt : null);
          const bytes = utf8(doc);
          const starts = rowStarts(doc);
          const wanted = 1 + (pick % 4);
          const chosen = starts
            .filter((_, i) => i > 0 && (i * 7 + pick) % 3 === 0)
            .slice(0, wanted);
          expect(await fragmented(bytes, 'row', chosen)).toEqual(sequential(bytes));
        },
      ),
      { numRuns: 150 },
    );
  });
});
