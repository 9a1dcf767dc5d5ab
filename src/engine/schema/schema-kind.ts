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

/** The kind of the schema in `text` (the head of the file). */
export function schemaKindOf(text: string): KindOutcome {
  if (looksLikeDtd(text)) return { ok: true, kind: 'dtd' };
  const head = readDocumentHead(text);
  if (head === null) {
    return {
      ok: false,
      reason: 'it is neither an XML document nor a DTD (no root element or declaration found)',
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
    const kind = schemaKindOf(decodeHead(first));
    return kind.ok || first.length < 64 * 1024 ? kind : schemaKindOf(decodeHead(readHead(path)));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `cannot read it: ${reason}` };
  }
}
