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
}

/** Collects XmlStats from scanner events; path lookups allocate only for new paths. */
export class StatsCollector implements XmlHandler {
  elements = 0;
  attributes = 0;
  textBytes = 0;
  maxDepth = 0;
  root: string | null = null;
  readonly namespaces: NamespaceUse[] = [];
  private readonly namespaceKeys = new Set<string>();
  readonly paths: PathCount[] = [];
  pathsTruncated = false;
  private readonly top: PathNode = { entry: null, children: new Map() };
  /** Stands for every path past the cap; it never gets children. */
  private readonly overflow: PathNode = { entry: null, children: new Map() };
  private readonly stack: PathNode[] = [this.top];

  startElement(name: string, depth: number, _offset: number, attributes: Attributes): void {
    this.elements++;
    if (depth > this.maxDepth) this.maxDepth = depth;
    if (depth === 1) this.root = name;
    for (let i = 0; i < attributes.length; i++) {
      const attr = attributes.name(i);
      if (!(attr.startsWith('xmlns') && (attr.length === 5 || attr.charCodeAt(5) === 0x3a)))
        this.attributes++;
    }
    const parent = this.stack[depth - 1] ?? this.overflow;
    let node = parent.children.get(name);
    if (node === undefined) {
      if (parent === this.overflow || this.paths.length >= MAX_PATHS) {
        this.pathsTruncated = true;
        node = this.overflow;
      } else {
        const entry = { path: `${parent.entry?.path ?? ''}/${name}`, count: 0 };
        this.paths.push(entry);
        node = { entry, children: new Map() };
        parent.children.set(name, node);
      }
    }
    if (node.entry !== null) node.entry.count++;
    this.stack[depth] = node;
  }

  text(utf8Bytes: number): void {
    this.textBytes += utf8Bytes;
  }

  namespace(prefix: string, uri: string): void {
    const key = `${prefix}\u0000${uri}`;
    if (this.namespaceKeys.has(key)) return;
    this.namespaceKeys.add(key);
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

export async function statsFile(file: FileRef, ctx: TaskContext): Promise<FileResult> {
  const collector = new StatsCollector();
  const { result } = await scanFile(file, ctx, collector);
  // Stats describe what was read, also up to the first error.
  return { ...result, stats: collector.toStats(result.encoding ?? 'UTF-8') };
}
