/**
 * What kind of schema a file is, told by its content (not its name): an XML Schema is an
 * `xs:schema` element in the XSD namespace, a RELAX NG schema has its root in the RELAX NG
 * namespace (XML syntax only), and a DTD starts with markup declarations.
 */
import type { SchemaKind } from '../../shared/results';
import { decodeHead, localName, looksLikeDtd, readDocumentHead, readHead } from './document-head';

export const XSD_NAMESPACE = 'http://www.w3.org/2001/XMLSchema';
export const RELAX_NG_NAMESPACE = 'http://relaxng.org/ns/structure/1.0';

export type KindOutcome = { ok: true; kind: SchemaKind } | { ok: false; reason: string };

/**
 * The first declaration of a RELAX NG compact syntax schema, after its comments: what a `.rnc`
 * file begins with, and no XML document or DTD can.
 */
const COMPACT_SYNTAX =
  /^\uFEFF?(?:\s|#[^\n]*\n)*(?:default\s+namespace\b|namespace\s+[\w.-]+\s*=|datatypes\s+[\w.-]+\s*=|start\s*[|&]?=|grammar\s*\{|element\s+[^\s{]+\s*\{|include\s+["'])/;

const COMPACT_SYNTAX_REASON =
  'it is a RELAX NG schema in the compact syntax (.rnc), which libxml2 does not read: convert it to the XML syntax first, e.g. with trang (`trang schema.rnc schema.rng`)';

/**
 * The kind of the schema in `text` (the head of the file). `compactByName`: the file is named
 * `*.rnc`, so text that is not XML is taken for the compact syntax even where it does not begin
 * the way COMPACT_SYNTAX knows (a grammar of named patterns).
 */
export function schemaKindOf(text: string, compactByName = false): KindOutcome {
  if (looksLikeDtd(text)) return { ok: true, kind: 'dtd' };
  const head = readDocumentHead(text);
  if (head === null) {
    return {
      ok: false,
      reason:
        compactByName || COMPACT_SYNTAX.test(text)
          ? COMPACT_SYNTAX_REASON
          : 'it is neither an XML document nor a DTD (no root element or declaration found)',
    };
  }
  if (head.rootNamespace === XSD_NAMESPACE && localName(head.rootName) === 'schema') {
    return { ok: true, kind: 'xsd' };
  }
  if (head.rootNamespace === RELAX_NG_NAMESPACE) return { ok: true, kind: 'rng' };
  const ns = head.rootNamespace === '' ? 'no namespace' : `namespace ${head.rootNamespace}`;
  return {
    ok: false,
    reason: `its root element <${head.rootName}> (${ns}) is not an XML Schema (xs:schema), a RELAX NG schema (XML syntax) or a DTD`,
  };
}

/** Reads the head of `path` and tells its kind; unreadable files are a reason too. */
export function schemaKindOfFile(path: string): KindOutcome {
  try {
    // Most schemas say what they are in their first KB; a long licence comment may delay it.
    const first = readHead(path, 64 * 1024);
    const compactByName = /\.rnc$/i.test(path);
    const kind = schemaKindOf(decodeHead(first), compactByName);
    return kind.ok || first.length < 64 * 1024
      ? kind
      : schemaKindOf(decodeHead(readHead(path)), compactByName);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `cannot read it: ${reason}` };
  }
}
