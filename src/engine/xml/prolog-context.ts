/**
 * readPrologContext: what a scanner needs to start in the middle of a document's root element.
 * It scans from the first byte through the root element's start tag, exactly as a full scan would,
 * and stops there.
 */

import type { XmlError } from '../../shared/results';
import type { ScanLimits } from '../../shared/tasks';
import { toScanError } from './scan-error';
import type { FragmentContext } from './scanner';
import { XmlStreamScanner } from './stream-scanner';

export interface PrologContext {
  ok: true;
  encoding: string;
  rootName: string;
  /** Namespaces in scope inside the root: prefix ('' = default) → URI (the fixed `xml` excluded). */
  namespaces: Record<string, string>;
  /** Internal general entities of the internal DTD subset: name → replacement text. */
  entities: Record<string, string>;
  /** Declared external parsed entities (never read; references to them are skipped). */
  externalEntities: string[];
  /** Declared unparsed (NDATA) entities (references to them in content are errors). */
  unparsedEntities: string[];
  /** The DTD has unread parts (external subset, parameter entities) and is not standalone. */
  undeclaredEntitiesAllowed: boolean;
  /** Absolute byte offset just after the root start tag's '>'. */
  offset: number;
  /** Line and column (1-based, column in characters) at `offset`. */
  line: number;
  column: number;
  /** Where the root start tag's '<' is. */
  rootLine: number;
  rootColumn: number;
  /** `<root/>`: the document has no content to split. */
  rootSelfClosing: boolean;
  /** Ready to pass as ScanOptions.context for a fragment scan inside the root. */
  context: FragmentContext;
}

export interface PrologError {
  ok: false;
  encoding: string | null;
  error: XmlError;
}

/**
 * Scans `source` (the whole file, a bounded head of it, or a stream of its chunks from byte 0)
 * through the end of the root start tag. A head that ends before the root start tag is complete
 * gives an "unexpected end of document" error, as a truncated file would.
 */
export async function readPrologContext(
  source: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  limits?: ScanLimits,
): Promise<PrologContext | PrologError> {
  let rootDepthEnded = false;
  let root: { name: string; line: number; column: number } | undefined;
  const scanner: XmlStreamScanner = new XmlStreamScanner(
    {
      startElement(_name, depth) {
        if (depth === 1) root = scanner.core?.openElements()[0];
      },
      endElement(_name, depth) {
        if (depth === 1) rootDepthEnded = true;
      },
    },
    limits === undefined ? { stopAfterRootStart: true } : { limits, stopAfterRootStart: true },
  );
  try {
    if (source instanceof Uint8Array) scanner.write(source);
    else {
      for await (const chunk of source) {
        scanner.write(chunk);
        if (scanner.core?.stopped) break;
      }
    }
    if (!scanner.core?.stopped) scanner.end();
  } catch (error) {
    return { ok: false, encoding: scanner.encoding, error: toScanError(error) };
  }
  const core = scanner.core;
  if (core === null || root === undefined) {
    return {
      ok: false,
      encoding: scanner.encoding,
      error: {
        kind: 'syntax',
        line: null,
        column: null,
        offset: null,
        message: 'no root element found',
      },
    };
  }
  const rootSelfClosing = rootDepthEnded;
  const namespaces: Record<string, string> = {};
  core.bindingPrefixes.forEach((prefix, i) => {
    namespaces[prefix] = core.bindingUris[i] as string;
  });
  const entities: Record<string, string> = {};
  const externalEntities: string[] = [];
  const unparsedEntities: string[] = [];
  for (const [name, decl] of core.entities.decls) {
    if (decl.kind === 'internal') entities[name] = decl.text;
    else if (decl.kind === 'external') externalEntities.push(name);
    else unparsedEntities.push(name);
  }
  const at = core.position();
  const rootName = root.name;
  const rootLine = root.line;
  const rootColumn = root.column;
  const undeclaredEntitiesAllowed = core.entities.undeclaredAllowed;
  return {
    ok: true,
    encoding: scanner.encoding ?? 'UTF-8',
    rootName,
    namespaces,
    entities,
    externalEntities,
    unparsedEntities,
    undeclaredEntitiesAllowed,
    offset: at.offset,
    line: at.line,
    column: at.column,
    rootLine,
    rootColumn,
    rootSelfClosing,
    context: {
      openElements: [rootName],
      namespaces,
      entities,
      externalEntities,
      unparsedEntities,
      undeclaredEntitiesAllowed,
      openedAt: [{ line: rootLine, column: rootColumn }],
    },
  };
}
