/**
 * Builds one table row per record from the record's events: follows every column path at once
 * through the compiled path tree, captures the text of matched elements (all descendant text, or
 * direct text for `text()`) and matched attributes, and converts each match to its column's type
 * as soon as it is complete, so a bad value is reported where it stands in the file.
 */
import type { ColumnSpec, ValueType } from '../../shared/column-spec';
import type { BadValuePolicy, NamespaceBinding } from '../../shared/tasks';
import type { BadValueNote } from '../split/types';
import type { Attributes, ScanPosition } from '../xml';
import { BadValueError } from './bad-value-error';
import { attributeMatches, childrenFor, compileColumnPaths, type PathNode } from './column-paths';
import type { NamespaceScope, RecordBuilder } from './record-events';
import { BAD_VALUE, type Cell, convertValue, type Scalar, trimXmlSpace } from './value-types';

/** A value being read: the text of an open element, for the columns that end at it. */
interface Capture {
  depth: number;
  columns: readonly number[];
  /** Only text directly inside the element (`text()`), not its descendants'. */
  direct: boolean;
  parts: string[];
  /** Just after the element's start tag, where its value begins: a bad value's position. */
  at: ScanPosition | null;
}

export interface RowBuilderOptions {
  columns: readonly ColumnSpec[];
  bindings: readonly NamespaceBinding[];
  onBadValue: BadValuePolicy;
  /** The scope RecordEvents keeps, when names are matched by namespace. */
  namespaces: NamespaceScope | null;
  /** Where the scan stands, for the position of a bad value. */
  position: () => ScanPosition | null;
  /** Receives each complete row; `cells` is reused for the next row. */
  onRow(cells: readonly Cell[]): void;
}

/** Each type with its article, for "is not an int". */
const TYPE_NAMES: Record<ValueType, string> = {
  string: 'a string',
  int: 'an int',
  number: 'a number',
  bool: 'a bool',
  date: 'a date',
  datetime: 'a datetime',
};

/** Longest value text quoted in a bad-value message. */
const QUOTED_CHARS = 60;

export class RowBuilder implements RecordBuilder {
  /** Bad values left empty (`--on-bad-value null`); under `fail` the first one throws instead. */
  badValues = 0;
  /** The first of them, for the file's warning. */
  firstBadValue: BadValueNote | null = null;
  private readonly root: PathNode;
  private readonly columns: readonly ColumnSpec[];
  private readonly cells: Cell[];
  private readonly counts: number[];
  /**
   * The path nodes the open element at each depth matched (none: no column goes through it).
   * Arrays are reused from record to record.
   */
  private readonly nodes: PathNode[][] = [];
  private readonly captures: Capture[] = [];
  private depth = 0;

  constructor(private readonly options: RowBuilderOptions) {
    this.columns = options.columns;
    this.root = compileColumnPaths(options.columns, options.bindings);
    this.cells = options.columns.map(() => null);
    this.counts = options.columns.map(() => 0);
  }

  startRecord(_name: string, attributes: Attributes): void {
    this.cells.fill(null);
    this.counts.fill(0);
    this.captures.length = 0;
    this.depth = 0;
    this.nodesAt(0).push(this.root);
    this.enter(this.root, attributes, 0);
  }

  startElement(name: string, depth: number, attributes: Attributes): void {
    this.depth = depth;
    const parents = this.nodes[depth - 1];
    const nodes = this.nodesAt(depth);
    if (parents === undefined || parents.length === 0) return;
    for (const parent of parents) childrenFor(parent, name, this.options.namespaces, nodes);
    for (const node of nodes) this.enter(node, attributes, depth);
  }

  /** The emptied node list of depth `depth`. */
  private nodesAt(depth: number): PathNode[] {
    let nodes = this.nodes[depth];
    if (nodes === undefined) {
      nodes = [];
      this.nodes[depth] = nodes;
    } else nodes.length = 0;
    return nodes;
  }

  text(text: string): void {
    for (const capture of this.captures) {
      if (!capture.direct || capture.depth === this.depth) capture.parts.push(text);
    }
  }

  /** Text only goes into open captures: with none, the scanner can skip decoding it. */
  needsText(): boolean {
    return this.captures.length > 0;
  }

  endElement(_name: string, depth: number): void {
    this.closeCaptures(depth);
    this.depth = depth - 1;
  }

  endRecord(): void {
    this.closeCaptures(0);
    this.options.onRow(this.cells);
  }

  private enter(node: PathNode, attributes: Attributes, depth: number): void {
    // Called from the start tag's event: the scan stands just after the tag, where an element's
    // value begins (an attribute's value is in that tag). A value converts only at its end
    // tag, so its position is taken now.
    const at = this.options.position();
    for (const { test, column } of node.attributes) {
      for (let i = 0; i < attributes.length; i++) {
        if (attributeMatches(test, attributes.name(i), this.options.namespaces)) {
          this.add(column, trimXmlSpace(attributes.value(i)), at);
        }
      }
    }
    if (node.valueColumns.length > 0) {
      this.captures.push({ depth, columns: node.valueColumns, direct: false, parts: [], at });
    }
    if (node.textColumns.length > 0) {
      this.captures.push({ depth, columns: node.textColumns, direct: true, parts: [], at });
    }
  }

  private closeCaptures(depth: number): void {
    for (;;) {
      const capture = this.captures.at(-1);
      if (capture === undefined || capture.depth !== depth) return;
      this.captures.pop();
      const text = trimXmlSpace(capture.parts.join(''));
      for (const column of capture.columns) this.add(column, text, capture.at);
    }
  }

  private add(index: number, text: string, at: ScanPosition | null): void {
    const column = this.columns[index];
    if (column === undefined) return;
    const count = this.counts[index] ?? 0;
    this.counts[index] = count + 1;
    if (!column.list && count > 0) {
      this.cells[index] = this.bad(column, text, 'is a second value for a single-value column', at);
      return;
    }
    const converted = convertValue(column.type, text);
    const value: Scalar | null =
      converted === BAD_VALUE
        ? this.bad(column, text, `is not ${TYPE_NAMES[column.type]}`, at)
        : converted;
    if (!column.list) {
      this.cells[index] = value;
      return;
    }
    const cell = this.cells[index];
    if (Array.isArray(cell)) cell.push(value);
    else this.cells[index] = [value];
  }

  /** Counts a bad value, or fails the file under `--on-bad-value fail`; the cell gets null. */
  private bad(column: ColumnSpec, text: string, reason: string, at: ScanPosition | null): null {
    const quoted = text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text;
    const message = `column ${column.name} (${column.path}): ${JSON.stringify(quoted)} ${reason}`;
    if (this.options.onBadValue === 'fail') {
      throw new BadValueError({
        kind: 'value',
        line: at?.line ?? null,
        column: at?.column ?? null,
        offset: at?.offset ?? null,
        message,
      });
    }
    // Only values left empty are counted: under `fail` the file fails instead, and a warning
    // that the value "was left empty" would be false.
    this.badValues++;
    // Line and column are relative to a split chunk's start, like an error's; the merge makes
    // them absolute (split-parts.ts), so the warning reads as in a one-worker run.
    this.firstBadValue ??= { message, line: at?.line ?? null, column: at?.column ?? null };
    return null;
  }
}
