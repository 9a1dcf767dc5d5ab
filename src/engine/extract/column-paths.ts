/**
 * Column paths compiled into one tree rooted at the record element, so the row builder follows
 * every column at once with one lookup per element: a node per element step, and at each node
 * the columns that end there (the element's value, its direct text, or one of its attributes).
 */
import type { ColumnSpec } from '../../shared/column-spec';
import type { NamespaceBinding } from '../../shared/tasks';
import type { NamespaceScope } from './record-events';

/** A name step: as written, or (prefix bound with `--ns`) by namespace URI and local name. */
export interface NameTest {
  written: string;
  /** Set when the step's prefix is bound: match any prefix with this URI. */
  uri: string | null;
  local: string;
}

export interface AttributeColumn {
  test: NameTest;
  column: number;
}

export interface PathNode {
  /** Children matched by the name as written. */
  readonly byName: Map<string, PathNode>;
  /** Children matched by namespace (their prefix is bound with `--ns`). */
  readonly byNamespace: { test: NameTest; node: PathNode }[];
  /** Columns whose value is this element's string value (all descendant text). */
  readonly valueColumns: number[];
  /** Columns of this element's direct text only (`text()`). */
  readonly textColumns: number[];
  readonly attributes: AttributeColumn[];
}

function pathNode(): PathNode {
  return { byName: new Map(), byNamespace: [], valueColumns: [], textColumns: [], attributes: [] };
}

function nameTest(written: string, bindings: readonly NamespaceBinding[]): NameTest {
  const colon = written.indexOf(':');
  if (colon < 0) return { written, uri: null, local: written };
  const prefix = written.slice(0, colon);
  const binding = bindings.find((b) => b.prefix === prefix);
  return { written, uri: binding?.uri ?? null, local: written.slice(colon + 1) };
}

/** Compiles the columns' paths (already checked by the column language) into one tree. */
export function compileColumnPaths(
  columns: readonly ColumnSpec[],
  bindings: readonly NamespaceBinding[],
): PathNode {
  const root = pathNode();
  columns.forEach((column, index) => {
    if (column.path === '.') {
      root.valueColumns.push(index);
      return;
    }
    let node = root;
    const steps = column.path.split('/');
    for (const [i, step] of steps.entries()) {
      const last = i === steps.length - 1;
      if (last && step === 'text()') {
        node.textColumns.push(index);
        return;
      }
      if (last && step.startsWith('@')) {
        node.attributes.push({ test: nameTest(step.slice(1), bindings), column: index });
        return;
      }
      const test = nameTest(step, bindings);
      let child: PathNode | undefined;
      if (test.uri === null) {
        child = node.byName.get(step);
        if (!child) {
          child = pathNode();
          node.byName.set(step, child);
        }
      } else {
        child = node.byNamespace.find((entry) => sameTest(entry.test, test))?.node;
        if (!child) {
          child = pathNode();
          node.byNamespace.push({ test, node: child });
        }
      }
      node = child;
    }
    node.valueColumns.push(index);
  });
  return root;
}

function sameTest(a: NameTest, b: NameTest): boolean {
  return a.uri === b.uri && a.local === b.local;
}

/**
 * Appends to `out` the children of `node` the element `name` leads to: the one matched by the
 * name as written and the one matched by namespace, which may both exist (`t=title` and
 * `bt=b:title` both match `<title xmlns="urn:books">`). An element has one expanded name and
 * namespace tests with the same one share a node, so at most one namespace child matches.
 */
export function childrenFor(
  node: PathNode,
  name: string,
  scope: NamespaceScope | null,
  out: PathNode[],
): void {
  const written = node.byName.get(name);
  if (written) out.push(written);
  if (node.byNamespace.length === 0 || scope === null) return;
  const expanded = scope.expand(name);
  for (const entry of node.byNamespace) {
    if (entry.test.local === expanded.local && entry.test.uri === expanded.uri) {
      out.push(entry.node);
      return;
    }
  }
}

/** Whether the attribute `name` of an element passes `test`. */
export function attributeMatches(
  test: NameTest,
  name: string,
  scope: NamespaceScope | null,
): boolean {
  if (test.uri === null) return name === test.written;
  if (scope === null || !name.endsWith(test.local)) return false;
  const expanded = scope.expand(name, true);
  return expanded.local === test.local && expanded.uri === test.uri;
}

/** True when some column matches by namespace, so the scan must track declarations. */
export function needsNamespaces(
  columns: readonly ColumnSpec[],
  rowTag: string,
  bindings: readonly NamespaceBinding[],
): boolean {
  if (bindings.length === 0) return false;
  const prefixes = new Set(bindings.map((b) => b.prefix));
  const usesBound = (step: string) => {
    const name = step.startsWith('@') ? step.slice(1) : step;
    const colon = name.indexOf(':');
    return colon > 0 && prefixes.has(name.slice(0, colon));
  };
  return (
    usesBound(rowTag) ||
    columns.some((column) => column.path.split('/').some((step) => usesBound(step)))
  );
}
