/**
 * Chunk invariance: any split of the input (1-byte chunks, splits inside multi-byte UTF-8, big
 * chunks from a reused buffer cutting tokens tens of KiB long) gives the same events, verdict and
 * error position as scanning it in one piece.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scan, utf8 } from '../../../test/xml/scan';

const names = fc.constantFrom('a', 'b', 'item', 'x:y', 'é', 'data-1', 'ns:el');
const texts = fc.constantFrom(
  '',
  'text',
  ' é ',
  '€𝄞',
  '&amp;',
  '&#233;',
  '&#x1D11E;',
  '\r\n',
  'a]b',
  '&e;',
  '&w;',
  ' ',
);
const attrValues = fc.constantFrom('', 'v', 'é', '&lt;&#38;', 'a\tb\nc', '&w;');

interface Node {
  name: string;
  attrs: string[];
  children: (Node | string)[];
}

const tree: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.record({
    name: names,
    attrs: fc.uniqueArray(fc.constantFrom('p', 'q', 'x:r', 'é'), { maxLength: 3 }),
    children: fc.array(fc.oneof({ depthSize: 'small' }, texts, tie('node')), { maxLength: 4 }),
  }),
})).node;

function serialise(node: Node, values: string[]): string {
  const attrs = node.attrs.map((a, i) => ` ${a}="${values[i % values.length] ?? ''}"`).join('');
  const children = node.children
    .map((c, i) =>
      typeof c === 'string' ? (i % 3 === 2 ? `<![CDATA[${c}]]>` : c) : serialise(c, values),
    )
    .join('');
  return children === ''
    ? `<${node.name}${attrs}/>`
    : `<${node.name}${attrs}>${children}</${node.name}>`;
}

const documents = fc
  .tuple(tree, fc.array(attrValues, { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([root, values, comment]) => {
    const prolog = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE r [<!ENTITY e "<b>é</b>"><!ENTITY w "plain">]>${comment ? '<!-- c -->' : ''}\n`;
    return `${prolog}<root xmlns:x="urn:x" xmlns:ns="urn:ns">${serialise(root, values)}</root>\n`;
  });

/** Random cut points, including every multi-byte-boundary position when drawn. */
const cutsFor = (length: number) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 12 })
    .map((cuts) => cuts.sort((a, b) => a - b));

describe('chunk invariance', () => {
  it('valid and broken documents give the same outcome for random chunkings', () => {
    fc.assert(
      fc.property(
        documents,
        fc.option(
          fc.tuple(fc.nat(), fc.constantFrom('', '<', '&', '\u0001', '\u00ff', ']]>', '"')),
          { nil: null },
        ),
        fc.integer({ min: 0, max: 1_000_000 }),
        (doc, mutation, seed) => {
          let text = doc;
          if (mutation !== null) {
            const at = mutation[0] % text.length;
            text = text.slice(0, at) + mutation[1] + text.slice(at + 1);
          }
          const bytes = utf8(text);
          const whole = scan(bytes);
          const cuts: number[] = [];
          let state = seed;
          for (let at = 0; at < bytes.length; ) {
            state = (state * 1103515245 + 12345) % 2147483648;
            at += 1 + (state % 17);
            if (at < bytes.length) cuts.push(at);
          }
          expect(scan(bytes, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('1-byte chunks give the same outcome', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const bytes = utf8(doc);
        const whole = scan(bytes);
        expect(whole.ok).toBe(true);
        expect(scan(bytes, 1)).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('explicit random cut points (fast-check) give the same outcome', () => {
    fc.assert(
      fc.property(
        documents.chain((doc) => fc.tuple(fc.constant(doc), cutsFor(utf8(doc).length))),
        ([doc, cuts]) => {
          const bytes = utf8(doc);
          expect(scan(bytes, cuts)).toEqual(scan(bytes));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('entity limits and chunking', () => {
  it('references in attribute values count once, however the start tags are cut', () => {
    // Each <e> expands two nested references: 5 tags use exactly the limit of 10, 6 pass it.
    // A start tag cut by a chunk edge is parsed again when the rest arrives; counting its
    // references again made the limit trip early, at a place that depended on the cuts.
    const limits = { maxDepth: 100, maxEntityExpansions: 10, maxEntityExpandedChars: 1_000_000 };
    const doc = (tags: number) =>
      utf8(
        `<!DOCTYPE r [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><r>${'<e v="&b;"/>'.repeat(tags)}</r>`,
      );
    for (const chunkSize of [1, 3, 7]) {
      expect(scan(doc(5), chunkSize, { limits })).toEqual(scan(doc(5), undefined, { limits }));
      expect(scan(doc(5), chunkSize, { limits }).ok).toBe(true);
      expect(scan(doc(6), chunkSize, { limits })).toEqual(scan(doc(6), undefined, { limits }));
      expect(scan(doc(6), chunkSize, { limits }).error?.kind).toBe('limit');
    }
  });
});

/** Tokens of every kind, up to tens of KiB long, so that big chunks cut them too. */
const longTokens = fc.oneof(
  fc.nat({ max: 30_000 }).map((n) => `<!--${'c-é'.repeat(n / 4)}-->`),
  fc.nat({ max: 30_000 }).map((n) => `<e a="${'v&amp;é'.repeat(n / 8)}" b='x'/>`),
  fc.nat({ max: 30_000 }).map((n) => `<![CDATA[${'d]é'.repeat(n / 4)}]]>`),
  fc.nat({ max: 30_000 }).map((n) => `<?pi ${'p'.repeat(n)}?>`),
  fc.nat({ max: 30_000 }).map((n) => `<${'n'.repeat(n + 1)}>t</${'n'.repeat(n + 1)}>`),
  fc.nat({ max: 30_000 }).map((n) => `${'text é€𝄞\r\n'.repeat(n / 16)}&w;`),
  fc.constantFrom('<item id="1">short</item>', '\n  ', '<x:y/>', '&e;'),
);

describe('chunk invariance with big chunks and long tokens', () => {
  it('chunks of 8–64 KiB, written from one reused buffer, give the same outcome', () => {
    fc.assert(
      fc.property(
        fc.array(longTokens, { minLength: 1, maxLength: 24 }),
        fc.option(fc.tuple(fc.nat(), fc.constantFrom('<', '&', '\u0001', ']]>', '"')), {
          nil: null,
        }),
        fc.integer({ min: 8 * 1024, max: 64 * 1024 }),
        (tokens, mutation, chunkSize) => {
          let text = `<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e "<b>é</b>"><!ENTITY w "plain">]>\n<root xmlns:x="urn:x">${tokens.join('')}</root>\n`;
          if (mutation !== null) {
            const at = mutation[0] % text.length;
            text = text.slice(0, at) + mutation[1] + text.slice(at + 1);
          }
          const bytes = utf8(text);
          expect(scan(bytes, chunkSize, {}, true)).toEqual(scan(bytes));
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Line and column (in characters) of byte `offset`, counted from scratch. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i] as number;
    if (b === 0x0a) {
      if (bytes[i - 1] !== 0x0d) line++;
      column = 1;
    } else if (b === 0x0d) {
      line++;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) column++;
  }
  return { line, column };
}

describe('error positions', () => {
  it("agree with the error's byte offset, wherever a stray character lands", () => {
    fc.assert(
      fc.property(
        documents,
        fc.nat(),
        fc.constantFrom(
          'é',
          '€',
          '😀',
          'Й',
          '\u0001',
          '<',
          '&',
          '>',
          '"',
          '\r\n',
          '\u00a0',
          '\uFFFE',
        ),
        (doc, at, stray) => {
          const position = at % doc.length;
          const bytes = utf8(doc.slice(0, position) + stray + doc.slice(position));
          const { error } = scan(bytes);
          if (error === null || error.offset === null) return;
          expect({ line: error.line, column: error.column }).toEqual(
            positionOf(bytes, error.offset),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});
