/**
 * `--schema auto`: the schema a document names itself, in this order:
 *
 * 1. an `<?xml-model href="…"?>` instruction (W3C "Associating Schemas with XML documents"),
 *    XSD, RELAX NG or DTD (by its schematypens, else by the file's content);
 * 2. `xsi:schemaLocation` / `xsi:noNamespaceSchemaLocation` on the root element;
 * 3. the DOCTYPE: its external subset (public id through the catalogs, then the system id), or
 *    an internal subset that declares elements, or declares external parameter entities (which
 *    may declare them: part of the document's DTD, as for `xmllint --valid`).
 *
 * Relative references resolve against the document; a URL only through a catalog entry (it is
 * never fetched). A document naming nothing, or a file that cannot be read, is a per-file
 * `schema` error.
 */
import { existsSync, statSync } from 'node:fs';
import type { Catalogs } from './catalog';
import type { SchemaSource } from './compile';
import type { DocumentHead, XmlModel } from './document-head';
import { fileProblem } from './file-problem';
import { isRemote, localPathOf, resolveReference } from './locations';
import { RELAX_NG_NAMESPACE, schemaKindOfFile, XSD_NAMESPACE } from './schema-kind';

export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

/** Validation against the DTD a document names, done by libxml2 while it parses the document. */
export interface DocumentDtd {
  /** The local DTD file, or null when the internal subset is all there is. */
  path: string | null;
  /** What libxml2 will ask for (the system id resolved against the document) → the local file. */
  redirects: Map<string, string>;
  /**
   * The files of that DTD (it and its parameter entities), the only ones the parse may read:
   * an external general entity the document uses is refused. Filled in by schemaTarget.
   */
  files: ReadonlySet<string>;
  /**
   * Local files of the external parameter entities the internal subset declares: part of the
   * document's DTD (`xmllint --valid` reads them), so they and the files they read may be read.
   */
  subsetEntities: string[];
}

/** `<!ENTITY % name SYSTEM "uri">` or `<!ENTITY % name PUBLIC "id" "uri">`. */
const EXTERNAL_PARAMETER_ENTITY =
  /<!ENTITY\s+%\s+[^\s]+\s+(?:SYSTEM|PUBLIC\s+(?:"([^"]*)"|'([^']*)'))\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The external parameter entities the internal subset declares, as libxml2 will ask for them
 * (resolved against the document) and as the local files they are (a public id or URL mapped
 * through the catalogs). A remote one no catalog maps has no path: the parse refuses it, saying
 * it is remote.
 */
function subsetEntities(
  subset: string,
  documentPath: string,
  catalogs: Catalogs | null,
): { asked: string; path: string | null }[] {
  return [...subset.matchAll(EXTERNAL_PARAMETER_ENTITY)].map((match) => {
    const publicId = match[1] ?? match[2] ?? null;
    const systemId = match[3] ?? match[4] ?? '';
    const asked = resolveReference(systemId, documentPath);
    return { asked, path: catalogMapped(catalogs, publicId, systemId) ?? localPathOf(asked) };
  });
}

/**
 * An external identifier as the catalogs map it: by its public and system ids, or, as libxml2
 * falls back when those find nothing, the system id as a URI (`uri`, `rewriteURI` entries).
 */
function catalogMapped(
  catalogs: Catalogs | null,
  publicId: string | null,
  systemId: string,
): string | null {
  if (catalogs === null) return null;
  return catalogs.resolveExternal(publicId, systemId) ?? catalogs.resolveUri(systemId);
}

export type DocumentSchema =
  | { ok: true; named: string; source: SchemaSource }
  | { ok: true; named: string; dtd: DocumentDtd }
  | { ok: false; message: string };

function failure(message: string): DocumentSchema {
  return { ok: false, message };
}

/**
 * A reference from the document, as a local file: relative to it, or through the catalogs.
 * `error` completes "<where> names <reference>, which …".
 */
function locate(
  reference: string,
  documentPath: string,
  catalogs: Catalogs | null,
  alternatives: string[] = [],
): { path: string } | { error: string } {
  const mapped =
    catalogs?.resolveUri(reference) ??
    catalogs?.resolveExternal(null, reference) ??
    alternatives.reduce<string | null>(
      (found, other) => found ?? catalogs?.resolveUri(other) ?? null,
      null,
    );
  if (mapped !== null && mapped !== undefined) return { path: mapped };
  if (isRemote(reference)) {
    return {
      error: `${reference}, which is remote: xmlpool never reads the network; map it to a local file with --catalog`,
    };
  }
  const path = localPathOf(resolveReference(reference, documentPath));
  if (path === null) return { error: `${reference}, which cannot be resolved to a file` };
  return { path };
}

/** Why `path` cannot be read as `what`, or null when it can. */
function readable(path: string, what: string): string | null {
  try {
    if (!statSync(path).isFile()) return `${what} ${path} is not a regular file`;
    return null;
  } catch (error) {
    return `cannot read ${what} ${path}: ${fileProblem(error)}`;
  }
}

function fromModel(
  model: XmlModel,
  documentPath: string,
  catalogs: Catalogs | null,
): DocumentSchema | null {
  const language = model.schemaTypeNs;
  // Schematron and other languages libxml2 does not check: look at the next instruction,
  // whether or not their file is there (it is never read).
  if (language !== null && language !== XSD_NAMESPACE && language !== RELAX_NG_NAMESPACE) {
    return null;
  }
  const found = locate(model.href, documentPath, catalogs);
  if ('error' in found) return failure(`the xml-model instruction names ${found.error}`);
  const missing = readable(found.path, 'the schema');
  if (missing !== null) return failure(`the xml-model instruction names a schema: ${missing}`);
  const named = model.href;
  if (language === XSD_NAMESPACE) {
    return { ok: true, named, source: { kind: 'xsd', path: found.path } };
  }
  if (language === RELAX_NG_NAMESPACE) {
    return { ok: true, named, source: { kind: 'rng', path: found.path } };
  }
  const kind = schemaKindOfFile(found.path);
  if (!kind.ok) return failure(`the xml-model instruction names ${found.path}, but ${kind.reason}`);
  // A DTD named this way replaces the DOCTYPE's, as `xmllint --dtdvalid` does.
  return { ok: true, named, source: { kind: kind.kind, path: found.path } };
}

/** The value of the root's attribute with this local name in the XSI namespace. */
function xsiAttribute(head: DocumentHead, local: string): string | null {
  for (const [name, value] of head.rootAttributes) {
    const colon = name.indexOf(':');
    if (colon < 0 || name.slice(colon + 1) !== local) continue;
    if (head.rootAttributes.get(`xmlns:${name.slice(0, colon)}`) === XSI_NAMESPACE) return value;
  }
  return null;
}

function fromXsi(
  head: DocumentHead,
  documentPath: string,
  catalogs: Catalogs | null,
): DocumentSchema | null {
  const pairs = xsiAttribute(head, 'schemaLocation')?.trim().split(/\s+/) ?? [];
  const noNamespace = xsiAttribute(head, 'noNamespaceSchemaLocation')?.trim() ?? '';
  if (pairs.length < 2 && noNamespace === '') return null;
  if (pairs.length % 2 !== 0) {
    return failure('xsi:schemaLocation must list namespace and location in pairs');
  }
  const wanted: { namespace: string | null; location: string }[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    wanted.push({ namespace: pairs[i] ?? '', location: pairs[i + 1] ?? '' });
  }
  if (noNamespace !== '') wanted.push({ namespace: null, location: noNamespace });
  const imports: { namespace: string | null; path: string }[] = [];
  for (const { namespace, location } of wanted) {
    const attribute = namespace === null ? 'xsi:noNamespaceSchemaLocation' : 'xsi:schemaLocation';
    const found = locate(location, documentPath, catalogs, namespace === null ? [] : [namespace]);
    if ('error' in found) return failure(`${attribute} names ${found.error}`);
    const missing = readable(found.path, 'the schema');
    if (missing !== null) return failure(`${attribute} names a schema: ${missing}`);
    imports.push({ namespace, path: found.path });
  }
  const first = imports[0];
  if (first === undefined) return null;
  const named = wanted.map((entry) => entry.location).join(' ');
  const source: SchemaSource =
    imports.length === 1
      ? { kind: 'xsd', path: first.path }
      : { kind: 'xsd', path: first.path, imports };
  return { ok: true, named, source };
}

function fromDoctype(
  head: DocumentHead,
  documentPath: string,
  catalogs: Catalogs | null,
): DocumentSchema | null {
  const doctype = head.doctype;
  if (doctype === null) return null;
  const { publicId, systemId } = doctype;
  const entities = subsetEntities(doctype.internalSubset, documentPath, catalogs);
  const entityRedirects: [string, string][] = [];
  for (const { asked, path } of entities) if (path !== null) entityRedirects.push([asked, path]);
  const subsetEntityFiles = entityRedirects.map(([, path]) => path);
  if (systemId === null) {
    // Declarations may come from the subset's external parameter entities alone.
    return /<!ELEMENT\s/.test(doctype.internalSubset) || entities.length > 0
      ? {
          ok: true,
          named: 'the internal DTD subset',
          dtd: {
            path: null,
            redirects: new Map(entityRedirects),
            files: new Set(subsetEntityFiles),
            subsetEntities: subsetEntityFiles,
          },
        }
      : null;
  }
  const mapped = catalogMapped(catalogs, publicId, systemId);
  const asked = resolveReference(systemId, documentPath);
  let path = mapped;
  if (path === null) {
    if (isRemote(systemId)) {
      const id = publicId === null ? systemId : `${publicId} (${systemId})`;
      return failure(
        `the DOCTYPE names the DTD ${id}, which is remote: xmlpool never reads the network; map it to a local file with --catalog`,
      );
    }
    path = localPathOf(asked);
  }
  if (path === null || !existsSync(path)) {
    return failure(`cannot read the DTD ${path ?? systemId} named by the DOCTYPE`);
  }
  const missing = readable(path, 'the DTD');
  if (missing !== null) return failure(missing);
  return {
    ok: true,
    named: systemId,
    dtd: {
      path,
      redirects: new Map([...entityRedirects, [asked, path]]),
      files: new Set([path, ...subsetEntityFiles]),
      subsetEntities: subsetEntityFiles,
    },
  };
}

export function documentSchema(
  head: DocumentHead,
  documentPath: string,
  catalogs: Catalogs | null,
): DocumentSchema {
  for (const model of head.models) {
    const found = fromModel(model, documentPath, catalogs);
    if (found !== null) return found;
  }
  return (
    fromXsi(head, documentPath, catalogs) ??
    fromDoctype(head, documentPath, catalogs) ??
    failure(
      'the document names no schema (no xml-model instruction, no xsi:schemaLocation, no DOCTYPE with a DTD); give one with --schema FILE',
    )
  );
}
