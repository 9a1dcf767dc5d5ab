/**
 * Scanner events → records. Finds the records of a document (the outermost elements named by the
 * row tag, at any depth; a row element inside a record is just content of that record) and hands
 * each record's events to a RecordBuilder, with depths made relative to the record and names
 * resolvable to namespace URIs. Nothing here knows what a record becomes: extract's row builder
 * turns it into a table row, inference into column shapes, and a JSON builder could turn it into
 * convert's values (see the report on issue 12, item 7).
 */
import type { NamespaceUse } from '../../shared/results';
import type { NamespaceBinding } from '../../shared/tasks';
import { literalRowTag } from '../split/row-tag-literal';
import type { Attributes, XmlHandler } from '../xml/scanner';

/** Receives the events of one record at a time. */
export interface RecordBuilder {
  /** The record element starts (depth 0 for what follows is the record itself). */
  startRecord(name: string, attributes: Attributes): void;
  /** An element inside the record starts; `depth` is 1 for the record's children. */
  startElement(name: string, depth: number, attributes: Attributes): void;
  /** Character data inside the record (text, CDATA, expanded references), in pieces. */
  text(text: string): void;
  /** False when text at this point would be thrown away, so the scanner need not decode it. */
  needsText?(): boolean;
  endElement(name: string, depth: number): void;
  /** The record's end tag: the record is complete. */
  endRecord(): void;
}

/** A qualified name as a namespace URI and a local name. */
export interface ExpandedName {
  uri: string;
  local: string;
}

/**
 * The namespace declarations in scope, as a stack: each element's declarations are pushed before
 * its start tag is reported and popped after its end tag.
 */
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

export class NamespaceScope {
  private readonly prefixes: string[] = [];
  private readonly uris: string[] = [];
  /** Stack length before the declarations of the open element at each depth. */
  private readonly marks: number[] = [];
  private pendingFrom = 0;
  private readonly initial: number;

  constructor(initial: readonly NamespaceBinding[] = []) {
    for (const { prefix, uri } of initial) this.declare(prefix, uri);
    this.initial = this.prefixes.length;
    this.pendingFrom = this.initial;
  }

  /** Back to the initial declarations, for the next document. */
  reset(): void {
    this.prefixes.length = this.initial;
    this.uris.length = this.initial;
    this.marks.length = 0;
    this.pendingFrom = this.initial;
  }

  declare(prefix: string, uri: string): void {
    this.prefixes.push(prefix);
    this.uris.push(uri);
  }

  /** The bindings declared before those of the open element at `depth` (outermost first). */
  before(depth: number): NamespaceUse[] {
    const end = this.marks[depth] ?? this.prefixes.length;
    const bindings: NamespaceUse[] = [];
    for (let i = 0; i < end; i++) {
      bindings.push({ prefix: this.prefixes[i] ?? '', uri: this.uris[i] ?? '' });
    }
    return bindings;
  }

  /** The element at `depth` starts: the declarations seen since the last start belong to it. */
  open(depth: number): void {
    this.marks[depth] = this.pendingFrom;
    this.pendingFrom = this.prefixes.length;
  }

  close(depth: number): void {
    const mark = this.marks[depth] ?? this.prefixes.length;
    this.prefixes.length = mark;
    this.uris.length = mark;
    this.pendingFrom = mark;
  }

  /** The URI bound to `prefix` ('' for the default namespace), or null. */
  uriOf(prefix: string): string | null {
    for (let i = this.prefixes.length - 1; i >= 0; i--) {
      if (this.prefixes[i] === prefix) return this.uris[i] ?? null;
    }
    // Bound by definition in every document, never declared (Namespaces in XML 1.0, §3).
    return prefix === 'xml' ? XML_NAMESPACE : null;
  }

  /** An element's (or, with `attribute`, an attribute's) expanded name. */
  expand(qname: string, attribute = false): ExpandedName {
    const colon = qname.indexOf(':');
    if (colon < 0) return { uri: attribute ? '' : (this.uriOf('') ?? ''), local: qname };
    return { uri: this.uriOf(qname.slice(0, colon)) ?? '', local: qname.slice(colon + 1) };
  }
}

export interface RecordEventsOptions {
  /** The record element's name as written, or a test of it (when matched by namespace). */
  isRowTag: (name: string, scope: NamespaceScope) => boolean;
  /** Track namespace declarations (only needed when names are matched by namespace). */
  namespaces: NamespaceScope | null;
  /**
   * The job's row tag and `--ns` bindings, to tell which records a chunk can start at
   * (`chunkablePoint`): those written as a split searches for them (row-tag-literal.ts); absent
   * where no one asks.
   */
  split?: { rowTag: string; bindings: readonly NamespaceBinding[] };
}

export class RecordEvents implements XmlHandler {
  /** Absolute depth of the open record, or 0 outside records. */
  private recordDepth = 0;
  /** Records completed so far. */
  records = 0;
  /**
   * Byte offset of the open (or last) record's `<` in the file when a split can start a chunk at
   * it, else null. A chunk starts and stops only at a start tag written in the document itself,
   * as a child of the root, with exactly the row tag's name (split/run-chunk.ts and the scanner's
   * StopAt): not at a record nested deeper, nor one from an entity's replacement text, nor one
   * whose prefix differs but is bound to the same namespace.
   */
  chunkablePoint: number | null = null;
  /** The row tag as a split searches for it, once the root's namespaces are known. */
  private splitName: string | null | undefined;

  constructor(
    private readonly builder: RecordBuilder,
    private readonly options: RecordEventsOptions,
  ) {}

  /** True while a record is open (its end tag not yet seen). */
  get inRecord(): boolean {
    return this.recordDepth > 0;
  }

  startElement(
    name: string,
    depth: number,
    offset: number,
    attributes: Attributes,
    inEntity: boolean,
  ): void {
    const scope = this.options.namespaces;
    scope?.open(depth);
    if (this.recordDepth > 0) {
      this.builder.startElement(name, depth - this.recordDepth, attributes);
    } else if (this.options.isRowTag(name, scope ?? EMPTY_SCOPE)) {
      this.recordDepth = depth;
      // Depth 1 is the root, in a whole document and in a chunk (which starts inside the root).
      this.chunkablePoint =
        depth === 2 && !inEntity && name === this.splitNameAt(scope) ? offset : null;
      this.builder.startRecord(name, attributes);
    }
  }

  /** At a child of the root: the root's namespaces are those in scope before its own. */
  private splitNameAt(scope: NamespaceScope | null): string | null {
    const split = this.options.split;
    if (split === undefined) return null;
    this.splitName ??= literalRowTag(split.rowTag, split.bindings, scope?.before(2) ?? []);
    return this.splitName;
  }

  endElement(name: string, depth: number): void {
    if (this.recordDepth > 0) {
      if (depth === this.recordDepth) {
        this.recordDepth = 0;
        this.records++;
        this.builder.endRecord();
      } else this.builder.endElement(name, depth - this.recordDepth);
    }
    this.options.namespaces?.close(depth);
  }

  text(_utf8Bytes: number, text: string | null): void {
    if (this.recordDepth > 0 && text !== null) this.builder.text(text);
  }

  needsText(): boolean {
    return this.recordDepth > 0 && this.builder.needsText?.() !== false;
  }

  namespace(prefix: string, uri: string): void {
    this.options.namespaces?.declare(prefix, uri);
  }
}

const EMPTY_SCOPE = new NamespaceScope();

/**
 * The row-tag test: the name as written, or, when its prefix is bound with `--ns`, any element of
 * that namespace with that local name.
 */
export function rowTagTest(
  rowTag: string,
  bindings: readonly NamespaceBinding[],
): RecordEventsOptions['isRowTag'] {
  const colon = rowTag.indexOf(':');
  const bound =
    colon < 0 ? undefined : bindings.find((binding) => binding.prefix === rowTag.slice(0, colon));
  if (bound === undefined) return (name) => name === rowTag;
  const local = rowTag.slice(colon + 1);
  return (name, scope) => {
    if (!name.endsWith(local)) return false;
    const expanded = scope.expand(name);
    return expanded.local === local && expanded.uri === bound.uri;
  };
}
