/**
 * OASIS XML Catalogs (1.1): map public ids, system ids and URIs (schema locations, namespace
 * names) to local files, so a schema or DTD named by a URL is read from disk and never fetched.
 *
 * Supported entries: system, public, uri, rewriteSystem, rewriteURI, systemSuffix, uriSuffix,
 * delegatePublic / delegateSystem / delegateURI (their catalogs are consulted in order, like
 * nextCatalog, for matching ids), nextCatalog, group, and the xml:base and prefer attributes.
 * Catalog files are parsed with xmlpool's own scanner (no DTD is read) and loaded once each.
 *
 * A catalog named on the command line that cannot be used fails the job. One it chains to
 * (nextCatalog, delegate*) that cannot be loaded is skipped, as if empty, as the spec's
 * "Resource Failures" section requires (and xmllint does); `skipped` says which, for a warning.
 */
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SCAN_LIMITS } from '../../shared/tasks';
import { XmlScanError, XmlStreamScanner } from '../xml';
import { fileProblem } from './file-problem';
import { localPathOf } from './locations';

export const CATALOG_NAMESPACE = 'urn:oasis:names:tc:entity:xmlns:xml:catalog';
/** A catalog file bigger than this is surely not one. */
const MAX_CATALOG_BYTES = 16 * 1024 * 1024;
/** nextCatalog chains deeper than this are a loop or a mistake. */
const MAX_CATALOG_DEPTH = 32;

export class CatalogError extends Error {
  override name = 'CatalogError';
}

type Entry =
  | { type: 'system' | 'public' | 'uri' | 'systemSuffix' | 'uriSuffix'; key: string; to: string }
  | { type: 'rewriteSystem' | 'rewriteURI'; key: string; to: string }
  | { type: 'delegateSystem' | 'delegatePublic' | 'delegateURI'; key: string; to: string }
  | { type: 'nextCatalog'; key: ''; to: string };

interface Parsed {
  entries: (Entry & { preferPublic: boolean })[];
}

/** Public ids compare with runs of white space collapsed (XML Catalogs 6.2). */
function normalizePublicId(id: string): string {
  return id.replace(/[\t\n\r ]+/g, ' ').trim();
}

function resolveAgainst(base: string, reference: string): string {
  try {
    return new URL(reference, base).href;
  } catch {
    return reference;
  }
}

/** Reads one catalog file into its entries, in document order. */
export function parseCatalogFile(path: string): Parsed {
  let bytes: Buffer;
  try {
    // A FIFO would block the worker until a writer comes.
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    bytes = readFileSync(path);
  } catch (error) {
    throw new CatalogError(`cannot read the catalog ${path}: ${fileProblem(error)}`);
  }
  if (bytes.length > MAX_CATALOG_BYTES) {
    throw new CatalogError(`the catalog ${path} is larger than 16 MiB`);
  }
  const entries: Parsed['entries'] = [];
  // Each open element: its xml:base and prefer, which apply to what it contains.
  const scopes: { base: string; preferPublic: boolean }[] = [
    { base: pathToFileURL(path).href, preferPublic: true },
  ];
  let rootNamespace: string | null = null;
  let defaultNamespace = '';
  const scanner = new XmlStreamScanner(
    {
      namespace(prefix, uri) {
        if (prefix === '') defaultNamespace = uri;
      },
      startElement(name, depth, _offset, attributes) {
        const colon = name.indexOf(':');
        const local = colon < 0 ? name : name.slice(colon + 1);
        const values = new Map<string, string>();
        for (let i = 0; i < attributes.length; i++) {
          values.set(attributes.name(i), attributes.value(i));
        }
        if (depth === 1) {
          const prefix = colon < 0 ? '' : name.slice(0, colon);
          rootNamespace =
            prefix === '' ? defaultNamespace : (values.get(`xmlns:${prefix}`) ?? null);
          if (local !== 'catalog' || rootNamespace !== CATALOG_NAMESPACE) {
            throw new CatalogError(
              `${path} is not an OASIS XML catalog (its root must be <catalog xmlns="${CATALOG_NAMESPACE}">)`,
            );
          }
        }
        const outer = scopes[scopes.length - 1] ?? { base: '', preferPublic: true };
        const xmlBase = values.get('xml:base');
        const prefer = values.get('prefer');
        const scope = {
          base: xmlBase === undefined ? outer.base : resolveAgainst(outer.base, xmlBase),
          preferPublic: prefer === undefined ? outer.preferPublic : prefer !== 'system',
        };
        scopes.push(scope);
        const entry = entryOf(local, values, (reference) => resolveAgainst(scope.base, reference));
        if (entry !== null) entries.push({ ...entry, preferPublic: scope.preferPublic });
      },
      endElement() {
        scopes.pop();
      },
    },
    { limits: DEFAULT_SCAN_LIMITS },
  );
  try {
    scanner.write(bytes);
    scanner.end();
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    const where =
      error instanceof XmlScanError ? ` at line ${error.line}, column ${error.column}` : '';
    const reason = error instanceof Error ? error.message : String(error);
    throw new CatalogError(`the catalog ${path} is not well-formed${where}: ${reason}`);
  }
  return { entries };
}

function entryOf(
  local: string,
  values: Map<string, string>,
  resolve: (reference: string) => string,
): Entry | null {
  const attr = (name: string) => values.get(name);
  const mapped = (keyAttribute: string, toAttribute: string) => {
    const key = attr(keyAttribute);
    const to = attr(toAttribute);
    return key === undefined || to === undefined ? null : { key, to: resolve(to) };
  };
  switch (local) {
    case 'system': {
      const m = mapped('systemId', 'uri');
      return m && { type: 'system', ...m };
    }
    case 'public': {
      const m = mapped('publicId', 'uri');
      return m && { type: 'public', key: normalizePublicId(m.key), to: m.to };
    }
    case 'uri': {
      const m = mapped('name', 'uri');
      return m && { type: 'uri', ...m };
    }
    case 'systemSuffix': {
      const m = mapped('systemIdSuffix', 'uri');
      return m && { type: 'systemSuffix', ...m };
    }
    case 'uriSuffix': {
      const m = mapped('uriSuffix', 'uri');
      return m && { type: 'uriSuffix', ...m };
    }
    case 'rewriteSystem': {
      const m = mapped('systemIdStartString', 'rewritePrefix');
      return m && { type: 'rewriteSystem', ...m };
    }
    case 'rewriteURI': {
      const m = mapped('uriStartString', 'rewritePrefix');
      return m && { type: 'rewriteURI', ...m };
    }
    case 'delegateSystem': {
      const m = mapped('systemIdStartString', 'catalog');
      return m && { type: 'delegateSystem', ...m };
    }
    case 'delegatePublic': {
      const m = mapped('publicIdStartString', 'catalog');
      return m && { type: 'delegatePublic', key: normalizePublicId(m.key), to: m.to };
    }
    case 'delegateURI': {
      const m = mapped('uriStartString', 'catalog');
      return m && { type: 'delegateURI', ...m };
    }
    case 'nextCatalog': {
      const to = attr('catalog');
      return to === undefined ? null : { type: 'nextCatalog', key: '', to: resolve(to) };
    }
    default:
      return null;
  }
}

/** Longest entry of `type` whose key `matches` the id, or null. */
function longest<T extends Entry>(
  entries: readonly T[],
  type: Entry['type'],
  matches: (key: string) => boolean,
): T | null {
  let best: T | null = null;
  for (const entry of entries) {
    if (entry.type === type && matches(entry.key) && entry.key.length > (best?.key.length ?? -1)) {
      best = entry;
    }
  }
  return best;
}

/** A chained catalog that could not be loaded, and so was consulted as an empty one. */
export interface SkippedCatalog {
  /** The catalog file (a local path). */
  path: string;
  /** The catalog whose nextCatalog or delegate entry names it. */
  namedBy: string;
  /** Why it could not be loaded: CatalogError's message. */
  reason: string;
}

const EMPTY_CATALOG: Parsed = { entries: [] };

/** Several catalogs, consulted in the order given, each with the catalogs it chains to. */
export class Catalogs {
  private readonly loaded = new Map<string, Parsed>();
  /** Catalogs consulted by the search under way: each once, so a loop ends at once. */
  private readonly visited = new Set<string>();
  private readonly skippedCatalogs: SkippedCatalog[] = [];

  /**
   * Parses every catalog now, those chained to included, so a broken one named on the command
   * line is reported (thrown) before any document is read, the skipped ones are known from the
   * start, and no search ever has to read a file (nor fail on one) later.
   */
  constructor(private readonly files: readonly string[]) {
    for (const file of files) this.loadChain(this.load(file), file, 0);
  }

  /** Chained catalogs that could not be loaded (each once), in the order they were met. */
  get skipped(): readonly SkippedCatalog[] {
    return this.skippedCatalogs;
  }

  get isEmpty(): boolean {
    return this.files.length === 0;
  }

  /** The local file an external identifier maps to (system id first), or null. */
  resolveExternal(publicId: string | null, systemId: string | null): string | null {
    return this.search((parsed) => this.matchExternal(parsed, publicId, systemId));
  }

  /** The local file a URI (schema location, namespace name) maps to, or null. */
  resolveUri(uri: string): string | null {
    return this.search((parsed) => this.matchUri(parsed, uri));
  }

  private search(match: (parsed: Parsed, depth: number) => string | null): string | null {
    this.visited.clear();
    for (const file of this.files) {
      this.visited.add(file);
      const found = match(this.loaded.get(file) ?? EMPTY_CATALOG, 0);
      if (found !== null) return localPathOf(found);
    }
    return null;
  }

  private matchExternal(
    parsed: Parsed,
    publicId: string | null,
    systemId: string | null,
    depth = 0,
  ): string | null {
    const { entries } = parsed;
    if (systemId !== null) {
      const exact = entries.find((e) => e.type === 'system' && e.key === systemId);
      if (exact) return exact.to;
      const rewrite = longest(entries, 'rewriteSystem', (key) => systemId.startsWith(key));
      if (rewrite) return rewrite.to + systemId.slice(rewrite.key.length);
      const suffix = longest(entries, 'systemSuffix', (key) => systemId.endsWith(key));
      if (suffix) return suffix.to;
      const delegated = this.delegate(entries, 'delegateSystem', systemId, depth, (next) =>
        this.matchExternal(next, null, systemId, depth + 1),
      );
      if (delegated !== undefined) return delegated;
    }
    if (publicId !== null) {
      const id = normalizePublicId(publicId);
      const exact = entries.find(
        (e) => e.type === 'public' && e.key === id && (systemId === null || e.preferPublic),
      );
      if (exact) return exact.to;
      const delegated = this.delegate(entries, 'delegatePublic', id, depth, (next) =>
        this.matchExternal(next, id, null, depth + 1),
      );
      if (delegated !== undefined) return delegated;
    }
    return this.next(entries, depth, (next) =>
      this.matchExternal(next, publicId, systemId, depth + 1),
    );
  }

  private matchUri(parsed: Parsed, uri: string, depth = 0): string | null {
    const { entries } = parsed;
    const exact = entries.find((e) => e.type === 'uri' && e.key === uri);
    if (exact) return exact.to;
    const rewrite = longest(entries, 'rewriteURI', (key) => uri.startsWith(key));
    if (rewrite) return rewrite.to + uri.slice(rewrite.key.length);
    const suffix = longest(entries, 'uriSuffix', (key) => uri.endsWith(key));
    if (suffix) return suffix.to;
    const delegated = this.delegate(entries, 'delegateURI', uri, depth, (next) =>
      this.matchUri(next, uri, depth + 1),
    );
    if (delegated !== undefined) return delegated;
    return this.next(entries, depth, (next) => this.matchUri(next, uri, depth + 1));
  }

  /**
   * Delegation: when entries of `type` match the id, only their catalogs are consulted (the
   * answer is theirs, null included); undefined when none matches.
   */
  private delegate(
    entries: Parsed['entries'],
    type: 'delegateSystem' | 'delegatePublic' | 'delegateURI',
    id: string,
    depth: number,
    match: (next: Parsed) => string | null,
  ): string | null | undefined {
    const matching = entries
      .filter((e) => e.type === type && id.startsWith(e.key))
      .sort((a, b) => b.key.length - a.key.length);
    if (matching.length === 0) return undefined;
    for (const entry of matching) {
      const found = this.chained(entry.to, depth, match);
      if (found !== null) return found;
    }
    return null;
  }

  private next(
    entries: Parsed['entries'],
    depth: number,
    match: (next: Parsed) => string | null,
  ): string | null {
    for (const entry of entries) {
      if (entry.type !== 'nextCatalog') continue;
      const found = this.chained(entry.to, depth, match);
      if (found !== null) return found;
    }
    return null;
  }

  private chained(
    url: string,
    depth: number,
    match: (next: Parsed) => string | null,
  ): string | null {
    if (depth >= MAX_CATALOG_DEPTH) return null;
    const path = localPathOf(url);
    if (path === null) return null; // a remote catalog is never fetched either
    if (this.visited.has(path)) return null;
    this.visited.add(path);
    return match(this.loaded.get(path) ?? EMPTY_CATALOG);
  }

  /** Loads the catalogs `parsed` chains to, and theirs, as deep as a search may go. */
  private loadChain(parsed: Parsed, path: string, depth: number): void {
    if (depth >= MAX_CATALOG_DEPTH) return;
    for (const entry of parsed.entries) {
      if (entry.type !== 'nextCatalog' && !entry.type.startsWith('delegate')) continue;
      const next = localPathOf(entry.to);
      if (next === null || this.loaded.has(next)) continue;
      if (this.skippedCatalogs.some((skipped) => skipped.path === next)) continue;
      let chained: Parsed;
      try {
        chained = this.load(next);
      } catch (error) {
        if (!(error instanceof CatalogError)) throw error;
        this.skippedCatalogs.push({ path: next, namedBy: path, reason: error.message });
        continue;
      }
      this.loadChain(chained, next, depth + 1);
    }
  }

  private load(path: string): Parsed {
    let parsed = this.loaded.get(path);
    if (parsed === undefined) {
      parsed = parseCatalogFile(path);
      this.loaded.set(path, parsed);
    }
    return parsed;
  }
}
