/**
 * Convert's JSON built straight from the scanner's events, without fast-xml-parser and without an
 * object tree: each element's value is rendered as JSON text when its end tag is seen, and kept
 * (as text) in its parent until the parent ends, because fast-xml-parser groups all children of
 * one name under one key at the place of the first (an array when the name repeats). The output
 * is byte for byte what JSON.stringify gives for fast-xml-parser's value (xml-to-value.ts, the
 * reference, checked in json-from-events.test.ts); these are its rules, as configured there:
 *
 * - Text is cut into pieces at start tags, end tags, processing instructions and CDATA sections
 *   (comments do not cut). A piece is trimmed and then parsed as a scalar; one of only white
 *   space is dropped. A CDATA section is a piece of its own, never trimmed (empty: ""). One piece
 *   is the text's value; several are joined as strings.
 * - An element's value: "" when it has nothing; its text alone when it has only text; otherwise
 *   an object of its children (by name, in order of first appearance), then the text node, then
 *   its attributes. A child is an array when its name repeats or its path is always-array.
 * - An attribute's value is its raw text (line ends normalised), trimmed, then the predefined
 *   entities expanded, then parsed as a scalar.
 * - A processing instruction is a child `?target`: its pseudo-attributes, or its data trimmed.
 *
 * Shapes whose rules are not written here (names fast-xml-parser renames, keys that collide,
 * references fast-xml-parser expands in another order, an instruction's `version`) make the
 * builder give up: `unsupported` says why, and the caller converts with fast-xml-parser instead.
 */
import type { ConvertOptions } from '../../../shared/tasks';
import type { Attributes, TextSource, XmlHandler } from '../../xml';
import { ensureHeapFor, recordsHeap } from '../heap-budget';
import { keptByParser } from '../instruction-data';
import { parseScalar, type ScalarParsing } from '../scalar-values';

/** Names fast-xml-parser renames or refuses, so its objects stay safe. */
const RENAMED_NAMES = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** Held characters from which the heap is checked, then at every doubling. */
const HEAP_CHECK_FROM = 4 * 1024 * 1024;

/** Characters String.prototype.trim removes (the same set as `\s`). */
const TRIMMED = /\s/;
const PREDEFINED_REFERENCE = /&(lt|gt|amp|apos|quot);/g;
/** A processing instruction's pseudo-attribute, as instruction-data.ts reads them. */
const PSEUDO_ATTRIBUTE = /\s*([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const PREDEFINED_TEXT: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  apos: "'",
  quot: '"',
};

type Scalar = string | number | boolean;

/** What JSON.stringify escapes in a string (any surrogate: it escapes the unpaired ones). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(text), quicker for the usual text that needs no escape. */
function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

function scalarJson(value: Scalar): string {
  return typeof value === 'string' ? jsonString(value) : String(value);
}

/** One open element's pieces of JSON, reused for every element at its depth. */
class Frame {
  name = '';
  /** Dotted path from the document's root (kept only when there are always-array paths). */
  path = '';
  /** `"@_a":"1","@_b":"2"`, or '' without attributes. */
  attributes = '';
  attributeKeys: string[] = [];
  childNames: string[] = [];
  childKeys: string[] = [];
  childValues: string[][] = [];
  /** The last child name looked up, by index (siblings of one name usually come in a run). */
  lastChild = -1;
  pieces = 0;
  text: Scalar = '';

  reset(name: string, path: string): void {
    this.name = name;
    this.path = path;
    this.attributes = '';
    if (this.attributeKeys.length > 0) this.attributeKeys.length = 0;
    // Most elements are leaves: their arrays are already empty.
    if (this.childNames.length > 0) {
      this.childNames.length = 0;
      this.childKeys.length = 0;
      this.childValues.length = 0;
    }
    this.lastChild = -1;
    this.pieces = 0;
    this.text = '';
  }

  addPiece(value: Scalar): void {
    // fast-xml-parser joins pieces with `text += "" + piece`.
    this.text = this.pieces === 0 ? value : `${this.text}${value}`;
    this.pieces++;
  }

  addChild(name: string, key: string, json: string): void {
    const names = this.childNames;
    let at = this.lastChild;
    if (at < 0 || names[at] !== name) at = names.indexOf(name);
    if (at < 0) {
      at = names.length;
      names.push(name);
      this.childKeys.push(key);
      this.childValues.push([json]);
    } else this.childValues[at]?.push(json);
    this.lastChild = at;
  }
}

/** Where an instruction outside the root's children stands. */
export type OutsidePart = 'prolog' | 'root' | 'epilogue';

/** Receives a document's parts at the level of the root's children ('children' mode). */
export interface RootChildren {
  /** The root starts: its name, JSON key and rendered attributes ('' for none). */
  root(name: string, key: string, attributes: string): void;
  /** A child of the root ended; `alwaysArray` when its path is an always-array path. */
  child(name: string, key: string, value: string, alwaysArray: boolean): void;
  /** An instruction that is not inside a child of the root. */
  instruction(key: string, value: string, part: OutsidePart): void;
}

export interface JsonFromEventsOptions {
  options: ConvertOptions;
  /**
   * 'document': the root element becomes one JSON document (`document`). 'children': the root's
   * children, its attributes and the instructions around them go to `children` one by one (for
   * NDJSON records, or a document too big to hold); other content of the root is unsupported.
   */
  mode: 'document' | 'children';
  /** The root's name, for always-array paths when a scan starts inside the root. */
  rootName: string;
  /** The scan starts inside the root (a split file's chunk), not at the document's start. */
  startsInRoot?: boolean;
  children?: RootChildren;
}

const IGNORE_CHILDREN: RootChildren = {
  root: () => undefined,
  child: () => undefined,
  instruction: () => undefined,
};

export class JsonFromEvents implements XmlHandler {
  /** Why the fast path gave up, or null while it holds. */
  unsupported: string | null = null;
  /** The document's JSON, once the scan has ended ('document' mode). */
  get document(): string | null {
    const top = this.frames[0];
    if (this.records || top === undefined || top.childNames.length === 0) return null;
    return this.render(top);
  }
  private readonly frames: Frame[] = [];
  /** Depth of the innermost open element (1 = the root). */
  private depth = 0;
  /** Depth of the elements that have frames: the root's, or the records'. */
  private readonly firstFrame: number;
  private pending = '';
  /**
   * Characters of text and attributes held for the open child of the root (or the document):
   * checked against the heap as they grow, so a record too big for it fails the file with a
   * clear `oom` error (a HeapBudgetError thrown through the scan) instead of aborting the worker.
   */
  private held = 0;
  private nextHeapCheck = HEAP_CHECK_FROM;
  /** Where in `pending` text from a reference that holds white space begins and ends (-1: none). */
  private referenceSpaceFrom = -1;
  private referenceSpaceTo = -1;
  private readonly prefix: string;
  private readonly textKey: string;
  private readonly parsing: ScalarParsing;
  private readonly parses: boolean;
  private readonly alwaysArray: ReadonlySet<string>;
  private readonly keysMayCollide: boolean;
  private readonly keys = new Map<string, string>();
  private readonly attributeKeys = new Map<string, string>();
  private readonly children: RootChildren;
  private rootStarted: boolean;
  private readonly records: boolean;

  constructor(private readonly setup: JsonFromEventsOptions) {
    const options = setup.options;
    this.prefix = options.attributePrefix;
    this.textKey = JSON.stringify(options.textNodeName);
    this.parsing = { numbers: options.parseNumbers, booleans: options.parseBooleans };
    this.parses = options.parseNumbers || options.parseBooleans;
    this.alwaysArray = new Set(options.alwaysArray);
    this.records = setup.mode === 'children';
    this.firstFrame = this.records ? 2 : 1;
    this.rootStarted = setup.startsInRoot === true;
    this.depth = this.rootStarted ? 1 : 0;
    // The document's top level, in 'document' mode: the root and instructions around it.
    if (!this.records) {
      const top = new Frame();
      top.reset('', '');
      this.frames[0] = top;
    }
    // An element name can equal another key only when the prefix or text name could be a name.
    this.keysMayCollide =
      options.attributePrefix === '' || /^[\p{L}_:]/u.test(options.textNodeName);
    this.children = setup.children ?? IGNORE_CHILDREN;
  }

  private refuse(reason: string): void {
    this.unsupported ??= reason;
  }

  private hold(chars: number): void {
    this.held += chars;
    if (this.held < this.nextHeapCheck) return;
    this.nextHeapCheck = this.held * 2;
    ensureHeapFor(recordsHeap(this.held), `converting an element of ${this.held} characters`);
  }

  /** The JSON key of an element name, or null for a name fast-xml-parser renames. */
  private keyOf(name: string): string | null {
    let key = this.keys.get(name);
    if (key === undefined) {
      // fast-xml-parser renames these, and refuses an element named like the text node.
      if (RENAMED_NAMES.has(name) || name === this.setup.options.textNodeName) {
        this.refuse(`an element named ${name}`);
        return null;
      }
      key = JSON.stringify(name);
      this.keys.set(name, key);
    }
    return key;
  }

  private isArray(path: string): boolean {
    return this.alwaysArray.size > 0 && this.alwaysArray.has(path);
  }

  startElement(name: string, depth: number, _offset: number, attributes: Attributes): void {
    if (this.unsupported !== null) return;
    this.flushText();
    this.depth = depth;
    if (depth < this.firstFrame) {
      this.rootStarted = true;
      const rendered = this.renderAttributes(attributes, null);
      const key = this.keyOf(name);
      if (key !== null) this.children.root(name, key, rendered);
      return;
    }
    if (this.keyOf(name) === null) return;
    let frame = this.frames[depth];
    if (frame === undefined) {
      frame = new Frame();
      this.frames[depth] = frame;
    }
    const parentPath =
      depth === 1 ? '' : (this.frames[depth - 1]?.path ?? (depth === 2 ? this.setup.rootName : ''));
    frame.reset(
      name,
      this.alwaysArray.size === 0 ? '' : parentPath === '' ? name : `${parentPath}.${name}`,
    );
    frame.attributes = this.renderAttributes(
      attributes,
      this.keysMayCollide ? frame.attributeKeys : null,
    );
    this.hold(frame.attributes.length);
  }

  /** Renders `"<prefix>name":value,...`, collecting the keys in `keys` when they may collide. */
  private renderAttributes(attributes: Attributes, keys: string[] | null): string {
    let out = '';
    for (let i = 0; i < attributes.length; i++) {
      const name = attributes.name(i);
      keys?.push(this.prefix + name);
      out += `${i > 0 ? ',' : ''}${this.attributeEntry(name, attributes.rawValue(i))}`;
    }
    return out;
  }

  /** `"<prefix>name":value` for an attribute whose value is written `raw`. */
  private attributeEntry(name: string, raw: string): string {
    let key = this.attributeKeys.get(name);
    if (key === undefined) {
      const full = this.prefix + name;
      if (RENAMED_NAMES.has(full)) this.refuse(`an attribute key ${full}`);
      key = `${JSON.stringify(full)}:`;
      this.attributeKeys.set(name, key);
    }
    // Line ends normalised, then trimmed (trimming first drops the same CRs at the ends).
    let value = raw.trim();
    if (value.includes('\r')) value = value.replace(/\r\n?/g, '\n');
    if (value.includes('&')) {
      // Any other reference: fast-xml-parser's expansion differs from XML's (it trims first).
      if (value.replace(PREDEFINED_REFERENCE, '').includes('&')) {
        this.refuse('a character or entity reference in an attribute value');
      }
      value = value.replace(PREDEFINED_REFERENCE, (_, ref: string) => PREDEFINED_TEXT[ref] ?? '');
    }
    const parsed = this.parses ? parseScalar(value, this.parsing) : undefined;
    return `${key}${parsed === undefined ? jsonString(value) : String(parsed)}`;
  }

  text(_utf8Bytes: number, text: string | null, source: TextSource): void {
    if (this.unsupported !== null || text === null) return;
    if (this.depth < this.firstFrame) {
      // Content directly in the root, in records mode: only white space between records.
      if (source !== 'chars' || !/^[ \t\r\n]*$/.test(text)) {
        this.refuse('text directly in the root');
      }
      return;
    }
    if (source === 'cdata') {
      this.flushText();
      this.frames[this.depth]?.addPiece(
        text.length > 0 ? (this.parses ? (parseScalar(text, this.parsing) ?? text) : text) : '',
      );
      return;
    }
    this.hold(text.length);
    if (source === 'reference' && TRIMMED.test(text)) {
      if (this.referenceSpaceFrom < 0) this.referenceSpaceFrom = this.pending.length;
      this.referenceSpaceTo = this.pending.length + text.length;
    }
    this.pending += text;
  }

  emptyCdata(): void {
    if (this.unsupported !== null) return;
    if (this.depth < this.firstFrame) {
      this.refuse('a CDATA section directly in the root');
      return;
    }
    this.flushText();
    this.frames[this.depth]?.addPiece('');
  }

  /**
   * `<?target data?>` is a child `?target`: an object of its pseudo-attributes when the data is
   * only `name="value"` pairs, else the data trimmed (instruction-data.ts keeps it so).
   */
  instruction(text: string): void {
    if (this.unsupported !== null) return;
    this.flushText();
    let end = 2;
    while (end < text.length && !' \t\r\n?'.includes(text.charAt(end))) end++;
    const name = `?${text.slice(2, end)}`;
    const data = text.slice(end, -2);
    if (data.includes('\r')) this.refuse('a line break written CR in an instruction');
    let value: string;
    if (keptByParser(data)) {
      let pairs = '';
      PSEUDO_ATTRIBUTE.lastIndex = 0;
      for (let match = PSEUDO_ATTRIBUTE.exec(data); match; match = PSEUDO_ATTRIBUTE.exec(data)) {
        const attribute = match[1] ?? '';
        // fast-xml-parser reads the XML version from any instruction's `version`.
        if (attribute === 'version') this.refuse('an instruction with a version');
        pairs += `${pairs === '' ? '' : ','}${this.attributeEntry(attribute, match[2] ?? match[3] ?? '')}`;
      }
      value = pairs === '' ? '""' : `{${pairs}}`;
    } else value = JSON.stringify(data.trim());
    const key = JSON.stringify(name);
    if (this.depth < this.firstFrame && this.records) {
      const part = this.depth === 1 ? 'root' : this.rootStarted ? 'epilogue' : 'prolog';
      this.children.instruction(key, value, part);
    } else this.frames[this.depth]?.addChild(name, key, value);
  }

  /** Ends the piece of text gathered so far: trimmed, then parsed, into the open element. */
  private flushText(): void {
    const text = this.pending;
    if (text === '') return;
    this.pending = '';
    const trimmed = text.trim();
    if (this.referenceSpaceFrom >= 0) {
      // fast-xml-parser trims before it expands references: white space from a reference at
      // either end would stay with it.
      const leading = text.length - text.trimStart().length;
      const trailing = text.trimEnd().length;
      if (this.referenceSpaceFrom < leading || this.referenceSpaceTo > trailing) {
        this.refuse('white space from a reference at the end of a text');
      }
      this.referenceSpaceFrom = -1;
      this.referenceSpaceTo = -1;
    }
    if (trimmed === '') return;
    this.frames[this.depth]?.addPiece(
      this.parses ? (parseScalar(trimmed, this.parsing) ?? trimmed) : trimmed,
    );
  }

  endElement(name: string, depth: number): void {
    if (this.unsupported !== null) return;
    this.flushText();
    this.depth = depth - 1;
    if (depth < this.firstFrame) return;
    const frame = this.frames[depth];
    const key = this.keyOf(name);
    if (frame === undefined || key === null) return;
    const value = this.render(frame);
    if (this.unsupported !== null) return;
    if (depth === this.firstFrame && this.records) {
      this.children.child(name, key, value, this.isArray(frame.path));
      this.held = 0;
      this.nextHeapCheck = HEAP_CHECK_FROM;
      return;
    }
    this.frames[depth - 1]?.addChild(name, key, value);
  }

  /** An element's value as fast-xml-parser's compress step gives it. */
  private render(frame: Frame): string {
    const hasText = frame.pieces > 0 && frame.text !== '';
    const children = frame.childNames.length;
    if (children === 0 && frame.attributes === '') {
      return hasText ? scalarJson(frame.text) : '""';
    }
    if (this.keysMayCollide && this.collides(frame, hasText)) {
      this.refuse(`keys that collide in <${frame.name}>`);
      return '';
    }
    let out = '{';
    for (let i = 0; i < children; i++) {
      const values = frame.childValues[i] ?? [];
      const name = frame.childNames[i] ?? '';
      const path =
        this.alwaysArray.size === 0 ? '' : frame.path === '' ? name : `${frame.path}.${name}`;
      const array = values.length > 1 || this.isArray(path);
      out += `${i > 0 ? ',' : ''}${frame.childKeys[i]}:${array ? `[${values.join(',')}]` : values[0]}`;
    }
    if (hasText) out += `${children > 0 ? ',' : ''}${this.textKey}:${scalarJson(frame.text)}`;
    if (frame.attributes !== '') {
      out += `${children > 0 || hasText ? ',' : ''}${frame.attributes}`;
    }
    return `${out}}`;
  }

  /** True when two of an element's keys (children, text node, attributes) are the same. */
  private collides(frame: Frame, hasText: boolean): boolean {
    const seen = new Set(frame.childNames);
    const textName = this.setup.options.textNodeName;
    // A child named like the text node is taken for text by fast-xml-parser, text or none.
    if (seen.has(textName)) return true;
    if (hasText) seen.add(textName);
    for (const key of frame.attributeKeys) {
      if (seen.has(key)) return true;
      seen.add(key);
    }
    return false;
  }
}
