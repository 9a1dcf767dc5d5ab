/**
 * The stats task: one streaming scan collecting element, attribute and text counts, depth, root,
 * namespaces and the distinct element paths (capped).
 */
import type { FileResult, NamespaceUse, PathCount, XmlStats } from '../../shared/results';
import type { Attributes, XmlHandler } from '../xml/scanner';
import type { FileRef, TaskContext } from './types';
import { scanFile } from './validate';

/** Most distinct element paths reported per file. */
export const MAX_PATHS = 10_000;

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
  readonly paths: PathCount[] = [];
  pathsTruncated = false;
  private readonly top: PathNode = pathNode(null);
  /** Stands for every path past the cap; it never gets children. */
  private readonly overflow: PathNode = pathNode(null);
  private readonly stack: PathNode[] = [this.top];

  startElement(name: string, depth: number, _offset: number, attributes: Attributes): void {
    this.elements++;
    if (depth > this.maxDepth) this.maxDepth = depth;
    if (depth === 1) this.root = name;
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
    if (node === undefined || node === null) {
      if (parent === this.overflow || this.paths.length >= MAX_PATHS) {
        this.pathsTruncated = true;
        node = this.overflow;
      } else {
        const entry = { path: `${parent.entry?.path ?? ''}/${name}`, count: 0 };
        this.paths.push(entry);
        node = pathNode(entry);
        parent.children.set(name, node);
      }
    }
    if (parent !== this.overflow) {
      parent.lastName = name;
      parent.lastChild = node;
    }
    if (node.entry !== null) node.entry.count++;
    this.stack[depth] = node;
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
      paths: this.paths,
      pathsTruncated: this.pathsTruncated,
    };
  }
}

function pathNode(entry: PathCount | null): PathNode {
  return { entry, children: new Map(), lastName: null, lastChild: null };
}

export async function statsFile(file: FileRef, ctx: TaskContext): Promise<FileResult> {
  const collector = new StatsCollector();
  const { result } = await scanFile(file, ctx, collector);
  // Stats describe what was read, also up to the first error.
  return { ...result, stats: collector.toStats(result.encoding ?? 'UTF-8') };
}
