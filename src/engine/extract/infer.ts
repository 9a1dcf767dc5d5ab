/**
 * Column inference: a RecordBuilder that learns the shape of the sampled records, flattened.
 *
 * - Every attribute and every leaf element (one without child elements in any sampled record)
 *   becomes a column, named by its dotted path (`price`, `price.@currency`, `tags.tag`); the
 *   record's own attributes are named by their attribute name (`id`), or `@id` if that name is
 *   taken. An element that has children is never a value column itself: it is flattened into its
 *   leaves, plus `a.text()` if it also holds non-blank text directly (mixed content).
 * - A path that matches more than once in some sampled record is a list column.
 * - The type is the narrowest that every non-empty sampled value fits: int, number, bool, date,
 *   datetime, else string; `string` when every sampled value was empty. A number with a leading
 *   zero, or more digits than a double keeps, fits only string (keepsDigits).
 * - With `--ns`, an element or attribute in a namespace given there is named by its prefix there
 *   and its local name (`b:title` for `<title xmlns="urn:books">` and `<c:title>` alike), so one
 *   column holds them all, as that column matches them; any other name as written.
 * - Columns come in order of first appearance. Whether an element is a leaf depends on child
 *   elements only, never on white space, so the same input always gives the same columns.
 */
import { type ColumnSpec, columnNameFor, type ValueType } from '../../shared/column-spec';
import type { NamespaceBinding } from '../../shared/tasks';
import type { Attributes } from '../xml';
import type { NamespaceScope, RecordBuilder } from './record-events';
import { BAD_VALUE, convertValue, trimXmlSpace } from './value-types';

/** Decimal text: sign, whole digits, fraction digits, exponent. */
const DECIMAL = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE][+-]?\d+)?$/;
/** Significant digits a double always keeps. */
const DOUBLE_DIGITS = 15;

/**
 * Whether a guessed int or number keeps every digit of the text: "01234" (a postcode, an account
 * number) as an int would lose its zero, and 99999999999999999999 as a double its last digits.
 * Such text stays a string. Only the guess is careful: a column given a type converts as asked.
 */
function keepsDigits(type: ValueType, text: string): boolean {
  if (type !== 'int' && type !== 'number') return true;
  const parts = DECIMAL.exec(trimXmlSpace(text));
  if (parts === null) return true; // INF, NaN and the like: convertValue's call
  const whole = parts[1] ?? '';
  if (whole.length > 1 && whole.startsWith('0')) return false;
  const significant = `${whole}${parts[2] ?? ''}`.replace(/^0+/, '').replace(/0+$/, '');
  return type === 'int' || significant.length <= DOUBLE_DIGITS;
}

/** Candidate types, narrowest first: the first one every value fits is chosen. */
const NARROWEST: readonly ValueType[] = ['int', 'number', 'bool', 'date', 'datetime'];

interface PathShape {
  /** Path relative to the record, as a column path: `a/b`, `a/@x`, `@x`, `.`. */
  path: string;
  attribute: boolean;
  /** Some occurrence had child elements (so it is not a leaf). */
  hasChildren: boolean;
  /** Some occurrence had non-blank text directly inside it. */
  hasDirectText: boolean;
  /** Types every non-empty value seen so far fits. */
  fits: Set<ValueType>;
  /** Some value was non-empty: without one, `fits` proves nothing. */
  valued: boolean;
  /** Most matches in one record. */
  maxPerRecord: number;
  /** Occurrences in the record being read. */
  inRecord: number;
}

/** An open element of the record being read. */
interface OpenElement {
  shape: PathShape;
  /** All descendant text (the element's string value). */
  text: string[];
  /** Text directly inside it. */
  direct: string[];
  children: number;
}

export interface InferenceNamespaces {
  bindings: readonly NamespaceBinding[];
  /** The scope RecordEvents keeps (null: names are taken as written). */
  scope: NamespaceScope | null;
}

export class ColumnInference implements RecordBuilder {
  records = 0;
  private readonly shapes = new Map<string, PathShape>();
  private readonly open: OpenElement[] = [];

  constructor(private readonly namespaces: InferenceNamespaces = { bindings: [], scope: null }) {}

  /** An element's or attribute's name as a column step: by namespace where `--ns` maps it. */
  private step(qname: string, attribute: boolean): string {
    const { bindings, scope } = this.namespaces;
    if (scope === null) return qname;
    const { uri, local } = scope.expand(qname, attribute);
    // An unprefixed attribute is in no namespace ('' here), which no binding maps.
    const binding = uri === '' ? undefined : bindings.find((b) => b.uri === uri);
    return binding === undefined ? qname : `${binding.prefix}:${local}`;
  }

  private shape(path: string, attribute: boolean): PathShape {
    let shape = this.shapes.get(path);
    if (!shape) {
      shape = {
        path,
        attribute,
        hasChildren: false,
        hasDirectText: false,
        fits: new Set(NARROWEST),
        valued: false,
        maxPerRecord: 0,
        inRecord: 0,
      };
      this.shapes.set(path, shape);
    }
    return shape;
  }

  private value(shape: PathShape, text: string): void {
    if (text === '') return;
    shape.valued = true;
    for (const type of shape.fits) {
      if (convertValue(type, text) === BAD_VALUE || !keepsDigits(type, text)) {
        shape.fits.delete(type);
      }
    }
  }

  private enter(path: string, attributes: Attributes): void {
    const shape = this.shape(path, false);
    shape.inRecord++;
    const prefix = path === '.' ? '' : `${path}/`;
    for (let i = 0; i < attributes.length; i++) {
      const name = attributes.name(i);
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const attribute = this.shape(`${prefix}@${this.step(name, true)}`, true);
      attribute.inRecord++;
      this.value(attribute, trimXmlSpace(attributes.value(i)));
    }
    this.open.push({ shape, text: [], direct: [], children: 0 });
  }

  startRecord(_name: string, attributes: Attributes): void {
    for (const shape of this.shapes.values()) shape.inRecord = 0;
    this.open.length = 0;
    this.enter('.', attributes);
  }

  startElement(name: string, _depth: number, attributes: Attributes): void {
    const parent = this.open.at(-1);
    if (!parent) return;
    parent.children++;
    const step = this.step(name, false);
    const path = parent.shape.path === '.' ? step : `${parent.shape.path}/${step}`;
    this.enter(path, attributes);
  }

  text(text: string): void {
    const current = this.open.at(-1);
    if (!current) return;
    current.direct.push(text);
    for (const element of this.open) element.text.push(text);
  }

  endElement(): void {
    this.close();
  }

  endRecord(): void {
    this.close();
    this.records++;
    for (const shape of this.shapes.values()) {
      shape.maxPerRecord = Math.max(shape.maxPerRecord, shape.inRecord);
    }
  }

  private close(): void {
    const element = this.open.pop();
    if (!element) return;
    const { shape } = element;
    if (element.children > 0) shape.hasChildren = true;
    if (trimXmlSpace(element.direct.join('')) !== '') shape.hasDirectText = true;
    if (element.children === 0) this.value(shape, trimXmlSpace(element.text.join('')));
    else this.value(shape, trimXmlSpace(element.direct.join('')));
  }

  /** The inferred columns, in order of first appearance. */
  columns(): ColumnSpec[] {
    const columns: ColumnSpec[] = [];
    for (const shape of this.shapes.values()) {
      // Always empty (`<e/>`): any text may come later, and only a string takes it all.
      const type = shape.valued
        ? (NARROWEST.find((candidate) => shape.fits.has(candidate)) ?? 'string')
        : 'string';
      const list = shape.maxPerRecord > 1;
      if (shape.attribute) {
        columns.push({ name: columnNameFor(shape.path), path: shape.path, type, list });
      } else if (!shape.hasChildren) {
        if (shape.path === '.' && !shape.hasDirectText) continue;
        columns.push({ name: columnNameFor(shape.path), path: shape.path, type, list });
      } else if (shape.hasDirectText) {
        const path = shape.path === '.' ? 'text()' : `${shape.path}/text()`;
        columns.push({ name: columnNameFor(path), path, type, list });
      }
    }
    return uniqueNames(columns);
  }
}

/** Record attributes by their bare name where free; any other clash gets a number. */
function uniqueNames(columns: ColumnSpec[]): ColumnSpec[] {
  const taken = new Set(columns.map((column) => column.name));
  const used = new Set<string>();
  return columns.map((column) => {
    let name = column.name;
    if (name.startsWith('@') && !taken.has(name.slice(1))) name = name.slice(1);
    const base = name;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return { ...column, name };
  });
}
