/**
 * The stats task: one streaming scan collecting element, attribute and text counts, depth, root,
 * namespaces and the distinct element paths (capped).
 */
import type {
  FileResult,
  FileWarning,
  NamespaceUse,
  PathCount,
  XmlStats,
} from '../../shared/results';
import type { Attributes, XmlHandler } from '../xml/scanner';
import type { FileRef, TaskContext } from './types';
import { scanFile } from './validate';

/** Limits on what one stats result lists. */
export interface StatsCaps {
  /** Distinct element paths listed. */
  readonly paths: number;
  /**
   * Characters of one path. A longer path is left out with everything below it (a cut path
   * could no longer tell two paths apart); the root's name is cut to it.
   */
  readonly pathChars: number;
  /** Characters of all listed paths together. */
  readonly pathsTotalChars: number;
  /** Distinct namespace declarations (prefix and URI) listed. */
  readonly namespaces: number;
  /** Characters of one declaration's prefix and URI together; a longer one is left out. */
  readonly namespaceChars: number;
}

/**
 * Every stats result stays small whatever the document: paths grow with depth² × name length
 * (2,000 nested 500-character names, a 2 MB file, made 1 GB of paths), and a file can declare
 * namespaces by the hundred thousand. What the caps leave out is said by a flag and a warning.
 * At most ~1 M characters of paths and ~1 M of namespaces: a few MB of JSON at worst.
 */
export const STATS_CAPS: StatsCaps = {
  paths: 10_000,
  pathChars: 1_000,
  pathsTotalChars: 1_000_000,
  namespaces: 1_000,
  namespaceChars: 1_000,
};

/** Most distinct element paths reported per file. */
export const MAX_PATHS = STATS_CAPS.paths;

/** Ends a cut name; no XML name can hold it, so a cut name is never mistaken for a real one. */
const CUT_MARK = '\u2026';

interface PathNode {
  entry: PathCount | null;
  children: Map<string, PathNode>;
  /**
   * The child found last: siblings mostly repeat the same name (rows, list items), and comparing
   * one (interned) string is cheaper than a Map lookup per element.
   */
  lastName: string | null;
  lastChild: PathNode | null;
}

/** Collects XmlStats from scanner events; path lookups allocate only for new paths. */
export class StatsCollector implements XmlHandler {
  elements = 0;
  attributes = 0;
  textBytes = 0;
  maxDepth = 0;
  root: string | null = null;
  readonly namespaces: NamespaceUse[] = [];
  /** prefix → URIs already listed; nested so a repeated declaration builds no key string. */
  private readonly namespaceUris = new Map<string, Set<string>>();
  namespacesTruncated = false;
  readonly paths: PathCount[] = [];
  pathsTruncated = false;
  /** Characters of the listed paths together. */
  private pathChars = 0;
  /**
   * A count or total cap was reached (not just a path or declaration too long on its own): what
   * is listed then depends on where the scan started, which a split merge must know.
   */
  capsReached = false;
  private readonly top: PathNode = pathNode(null);
  /** Stands for every path past the cap; it never gets children. */
  private readonly overflow: PathNode = pathNode(null);
  private readonly stack: PathNode[] = [this.top];

  startElement(name: string, depth: number, _offset: number, attributes: Attributes): void {
    this.elements++;
    if (depth > this.maxDepth) this.maxDepth = depth;
    if (depth === 1) this.root = cutName(name);
    for (let i = 0; i < attributes.length; i++) {
      const attr = attributes.name(i);
      // The first-character test spares most attributes the startsWith call.
      if (
        attr.charCodeAt(0) !== 0x78 ||
        !(attr.startsWith('xmlns') && (attr.length === 5 || attr.charCodeAt(5) === 0x3a))
      )
        this.attributes++;
    }
    const parent = this.stack[depth - 1] ?? this.overflow;
    let node = parent.lastName === name ? parent.lastChild : parent.children.get(name);
    if (node === undefined || node === null) node = this.newPath(parent, name);
    if (parent !== this.overflow) {
      parent.lastName = name;
      parent.lastChild = node;
    }
    if (node.entry !== null) node.entry.count++;
    this.stack[depth] = node;
  }

  /** The node of a path not seen before, or the overflow node when the caps leave it out. */
  private newPath(parent: PathNode, name: string): PathNode {
    if (parent === this.overflow) return parent;
    const length = (parent.entry?.path.length ?? 0) + 1 + name.length;
    const full =
      this.paths.length >= STATS_CAPS.paths || this.pathChars + length > STATS_CAPS.pathsTotalChars;
    if (full || length > STATS_CAPS.pathChars) {
      this.pathsTruncated = true;
      if (full) this.capsReached = true;
      return this.overflow;
    }
    const entry = { path: `${parent.entry?.path ?? ''}/${name}`, count: 0 };
    this.paths.push(entry);
    this.pathChars += length;
    const node = pathNode(entry);
    parent.children.set(name, node);
    return node;
  }

  text(utf8Bytes: number): void {
    this.textBytes += utf8Bytes;
  }

  namespace(prefix: string, uri: string): void {
    let uris = this.namespaceUris.get(prefix);
    if (uris === undefined) {
      uris = new Set();
      this.namespaceUris.set(prefix, uris);
    }
    if (uris.has(uri)) return;
    // Left-out declarations are not remembered either: memory stays bounded too.
    if (this.namespaces.length >= STATS_CAPS.namespaces) {
      this.namespacesTruncated = true;
      this.capsReached = true;
      return;
    }
    if (prefix.length + uri.length > STATS_CAPS.namespaceChars) {
      this.namespacesTruncated = true;
      return;
    }
    uris.add(uri);
    this.namespaces.push({ prefix, uri });
  }

  toStats(encoding: string): XmlStats {
    return {
      elements: this.elements,
      attributes: this.attributes,
      textBytes: this.textBytes,
      maxDepth: this.maxDepth,
      root: this.root,
      encoding,
      namespaces: this.namespaces,
      namespacesTruncated: this.namespacesTruncated,
      paths: this.paths,
      pathsTruncated: this.pathsTruncated,
    };
  }
}

/** A root name longer than a path may be, cut (at a whole character) and marked. */
function cutName(name: string): string {
  if (name.length <= STATS_CAPS.pathChars) return name;
  let end = STATS_CAPS.pathChars - 1;
  // Never split a surrogate pair.
  const last = name.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${name.slice(0, end)}${CUT_MARK}`;
}

/**
 * The warnings that say what the caps left out. Derived from the stats alone, so a split file's
 * merged stats get exactly the warnings of a one-worker run.
 */
export function statsWarnings(stats: XmlStats): FileWarning[] | undefined {
  const n = (count: number): string => count.toLocaleString('en-US');
  const caps = STATS_CAPS;
  const warnings: FileWarning[] = [];
  if (stats.root?.endsWith(CUT_MARK)) {
    warnings.push({
      code: 'root-truncated',
      message: `the root element's name is longer than ${n(caps.pathChars)} characters; it is cut`,
    });
  }
  if (stats.pathsTruncated) {
    warnings.push({
      code: 'paths-truncated',
      message:
        `not every distinct element path is listed: at most ${n(caps.paths)} paths, ` +
        `${n(caps.pathsTotalChars)} characters in all; a path over ${n(caps.pathChars)} ` +
        'characters is left out with the paths below it',
    });
  }
  if (stats.namespacesTruncated) {
    warnings.push({
      code: 'namespaces-truncated',
      message:
        `not every namespace declaration is listed: at most ${n(caps.namespaces)}, ` +
        `each of up to ${n(caps.namespaceChars)} characters (prefix and URI)`,
    });
  }
  return warnings.length > 0 ? warnings : undefined;
}

function pathNode(entry: PathCount | null): PathNode {
  return { entry, children: new Map(), lastName: null, lastChild: null };
}

export async function statsFile(file: FileRef, ctx: TaskContext): Promise<FileResult> {
  const collector = new StatsCollector();
  const { result } = await scanFile(file, ctx, collector);
  // Stats describe what was read, also up to the first error.
  const stats = collector.toStats(result.encoding ?? 'UTF-8');
  const warnings = statsWarnings(stats);
  return { ...result, stats, ...(warnings ? { warnings } : {}) };
}
