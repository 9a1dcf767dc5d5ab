/**
 * The streaming XML 1.0 + Namespaces 1.0 well-formedness scanner over UTF-8 bytes.
 *
 * Push-based: write() any chunking of the document, then end(). Markup is parsed one complete
 * token at a time; a token cut by a chunk boundary is kept and re-tried once twice as many bytes
 * are buffered, so the work stays linear and the result identical whatever the chunking.
 * Character data is streamed without being kept. Nesting lives in arrays, never on the call
 * stack. The first fatal error is thrown as an XmlScanError.
 *
 * Input must be UTF-8 (or US-ASCII); stream-scanner.ts handles BOMs and other encodings.
 */
import { DEFAULT_SCAN_LIMITS, type ScanLimits } from '../../shared/tasks';
import {
  ATTR_PLAIN,
  codePointLabel,
  isSpaceByte,
  startsNcName,
  TEXT_PLAIN,
  utf8Length,
} from './chars';
import { Cursor, type SourceOffsetMap } from './cursor';
import { parseDoctype } from './dtd';
import {
  type EntityDecl,
  EntityTable,
  type EntityUse,
  internalEntity,
  MAX_ENTITY_NESTING,
  PREDEFINED_ENTITIES,
} from './entities';
import { NEED_MORE, XmlScanError } from './errors';
import { readCharRef, skipComment, skipProcessingInstruction } from './markup';
import { type NameCache, sharedNameCache } from './name-cache';

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** The attributes of the start tag being reported; valid only during startElement. */
export interface Attributes {
  readonly length: number;
  /** Qualified name as written. */
  name(index: number): string;
  /** Value with references expanded and whitespace normalised (XML 1.0 3.3.3, CDATA rules). */
  value(index: number): string;
  /** Value as written between the quotes: references and whitespace left as they are. */
  rawValue(index: number): string;
}

/**
 * Where a piece of character data came from: characters as written, a reference's expansion
 * (character, predefined or declared entity), or a CDATA section. Convert needs to know, because
 * fast-xml-parser trims text before it expands references and never trims CDATA.
 */
export type TextSource = 'chars' | 'reference' | 'cdata';

/** Receives the document's events. Every method is optional. */
export interface XmlHandler {
  /**
   * An element starts. `depth` is 1 for the root; `offset` is the byte offset of its '<' in the
   * file, or, for an element from an entity's replacement text (`inEntity`), of the reference.
   */
  startElement?(
    name: string,
    depth: number,
    offset: number,
    attributes: Attributes,
    inEntity: boolean,
  ): void;
  /** An element ends (also right after startElement for `<empty/>`). */
  endElement?(name: string, depth: number): void;
  /**
   * Character data inside the root element (text, CDATA, references), possibly in several pieces.
   * `utf8Bytes` counts bytes after line-end normalisation and reference expansion. `text` is the
   * string itself only when the scanner was created with `textStrings: true`, otherwise null.
   */
  text?(utf8Bytes: number, text: string | null, source: TextSource): void;
  /**
   * With `textStrings`: asked before a run of text is decoded; false skips the decoding (`text`
   * is then null). Decoding is a fifth of an extract's scan, and most text lies outside the
   * elements a table's columns read.
   */
  needsText?(): boolean;
  /**
   * A processing instruction (not the XML declaration), anywhere but in the DTD: its text as
   * written, `<?` through `?>`.
   */
  instruction?(text: string): void;
  /** A CDATA section with nothing in it (text() reports no empty pieces). */
  emptyCdata?(): void;
  /** A namespace declaration on the element about to be reported by startElement. */
  namespace?(prefix: string, uri: string): void;
  /**
   * A reference in content to a declared external parsed entity, at the reference's `&` (in an
   * entity's replacement text: at the document's reference). The scanner never reads such an
   * entity, so its text is missing from the other events.
   */
  unreadEntity?(name: string, line: number, column: number): void;
}

/** Where a scan starting in the middle of a document stands (see readPrologContext). */
export interface FragmentContext {
  /** Qualified names of the open ancestors, outermost first: [rootName]. */
  openElements: string[];
  /** Namespaces in scope inside the innermost open element: prefix ('' = default) → URI. */
  namespaces: Record<string, string>;
  /** Internal general entities: name → replacement text. */
  entities: Record<string, string>;
  /** Declared external parsed entities (references to them are skipped, as in a full scan). */
  externalEntities?: string[];
  /** Declared unparsed entities (references to them are errors, as in a full scan). */
  unparsedEntities?: string[];
  /** The DTD left declarations unread, so undeclared entity references are not errors. */
  undeclaredEntitiesAllowed?: boolean;
  /** Where each open element started, for "opened at" messages. */
  openedAt?: { line: number; column: number }[];
  /** Entity expansion the document counted before this point, towards the same limits. */
  entityUse?: EntityUse;
}

/** Stop cleanly before a record start tag (for splitting a file into record-aligned chunks). */
export interface StopAt {
  /** Qualified name of the record element. */
  rowTag: string;
  /** Only start tags whose '<' is at this absolute byte offset or later. */
  fromOffset: number;
}

export interface ScanOptions {
  limits?: ScanLimits;
  /** Absolute byte offset of the first byte written (default 0). */
  startOffset?: number;
  /** Start in content mode inside these open elements instead of at the start of a document. */
  context?: FragmentContext;
  /**
   * Stop before the first `<rowTag` start tag at or after `fromOffset` that is a direct child of
   * the innermost context element (or of the root in a whole-document scan).
   */
  stop?: StopAt;
  /** Stop right after the root element's start tag (used by readPrologContext). */
  stopAfterRootStart?: boolean;
  /** Deliver text strings to handler.text (costs decoding; off by default). */
  textStrings?: boolean;
  /** Maps stream positions back to source bytes for transcoded input. */
  offsetMap?: SourceOffsetMap;
  /** Reject bytes >= 0x80 (US-ASCII documents). */
  asciiOnly?: boolean;
  /**
   * Checks the XML declaration's encoding name against the detected encoding; returns an error
   * message, or null when acceptable.
   */
  checkEncoding?: (name: string) => string | null;
}

/** Where the scan stands: at the stop point, or at the end. */
export interface ScanPosition {
  /** Absolute byte offset in the file. */
  offset: number;
  /** 1-based line, relative to the first byte given (line 1 = the line of startOffset). */
  line: number;
  /** 1-based column in characters, relative like `line`. */
  column: number;
  /** Line breaks seen since the first byte given (CR LF counts once). */
  lineBreaks: number;
  /** Characters since the last line break (or since the first byte, if none). */
  charsSinceLineBreak: number;
}

enum Phase {
  Prolog = 0,
  Content = 1,
  Epilogue = 2,
}

const LT = 0x3c;
const AMP = 0x26;
const GT = 0x3e;
const SLASH = 0x2f;
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const QUOTE = 0x22;
const APOS = 0x27;
const RSQB = 0x5d;

const MIN_STORAGE = 64 * 1024;

/** attrKinds values (colon indexes are >= 1). */
const ATTR_PLAIN_NAME = -1;
const ATTR_XMLNS = 0;
/** Up to this many prefixed attributes are compared pairwise instead of through a Map. */
const PAIRWISE_ATTRIBUTES = 8;

/** True when buf[start..end) are the bytes `xmlns`. */
function isXmlnsBytes(buf: Uint8Array, start: number, end: number): boolean {
  return (
    end - start === 5 &&
    buf[start] === 0x78 &&
    buf[start + 1] === 0x6d &&
    buf[start + 2] === 0x6c &&
    buf[start + 3] === 0x6e &&
    buf[start + 4] === 0x73
  );
}

/** Used by entity expansion in content: a nested scanner over the replacement text. */
interface EntityFrame {
  name: string;
  depthBase: number;
  open: string[];
  names: NameCache;
  entities: EntityTable;
  prefixes: string[];
  uris: string[];
}

/** Most indentation a cached white-space string holds. */
const MAX_INDENT = 64;
const SPACES = ' '.repeat(MAX_INDENT);
const TABS = '\t'.repeat(MAX_INDENT);
/** [line break first][spaces or tabs]: each string made once, not decoded from every run. */
const INDENTS: string[][] = [
  Array.from({ length: MAX_INDENT + 1 }, (_, n) => SPACES.slice(0, n)),
  Array.from({ length: MAX_INDENT + 1 }, (_, n) => TABS.slice(0, n)),
  Array.from({ length: MAX_INDENT + 1 }, (_, n) => `\n${SPACES.slice(0, n)}`),
  Array.from({ length: MAX_INDENT + 1 }, (_, n) => `\n${TABS.slice(0, n)}`),
];

/**
 * The text of bytes [start, end) when they are a line break (LF, CR LF or CR) and then only
 * spaces or only tabs, or only spaces or tabs: the white space between the elements of an
 * indented document, a third of the text runs of a typical one. Else null, to decode.
 */
function indentation(buf: Uint8Array, start: number, end: number): string | null {
  let p = start;
  let lineBreak = 0;
  if (buf[p] === CR) {
    lineBreak = 2;
    p += buf[p + 1] === LF ? 2 : 1;
  } else if (buf[p] === LF) {
    lineBreak = 2;
    p++;
  }
  const n = end - p;
  if (n > MAX_INDENT) return null;
  const fill = n === 0 ? SPACE : buf[p];
  if (fill !== SPACE && fill !== TAB) return null;
  for (let q = p + 1; q < end; q++) if (buf[q] !== fill) return null;
  return INDENTS[lineBreak + (fill === TAB ? 1 : 0)]?.[n] ?? null;
}

export class XmlScanner extends Cursor implements Attributes {
  private readonly handler: XmlHandler;
  private readonly limits: ScanLimits;
  private readonly names: NameCache;
  readonly entities: EntityTable;
  private readonly textStrings: boolean;
  private readonly checkEncoding: ((name: string) => string | null) | null;
  private readonly stopAt: StopAt | null;
  private stopDepth: number;
  private readonly stopAfterRootStart: boolean;
  private readonly entityFrame: EntityFrame | null;
  private readonly depthBase: number;

  private phase: Phase = Phase.Prolog;
  private atDocumentStart = true;
  private sawDoctype = false;
  private sawAnyByte = false;

  // Open elements: names and where they started.
  private depth = 0;
  /** Open elements given by a fragment context (their positions are absolute). */
  private contextDepth = 0;
  private readonly openNames: string[] = [];
  /** UTF-8 bytes of each open element's name (null if not cached), for the end-tag fast path. */
  private readonly openBytes: (Uint8Array | null)[] = [];
  private readonly openLines: number[] = [];
  private readonly openColumns: number[] = [];
  private readonly openBindingMarks: number[] = [];
  // Namespace bindings in scope, innermost last.
  readonly bindingPrefixes: string[] = [];
  readonly bindingUris: string[] = [];

  // Attributes of the start tag being parsed (indexes into buf).
  private attrCount = 0;
  private readonly attrNames: string[] = [];
  private readonly attrValueStarts: number[] = [];
  private readonly attrValueEnds: number[] = [];
  /**
   * Per attribute: ATTR_PLAIN_NAME, ATTR_XMLNS (a namespace declaration) or the index of the
   * colon in its name. Taken from readName so openElement needs no string searches.
   */
  private readonly attrKinds: number[] = [];
  /** Namespace URIs of the prefixed attributes, reused by checkExpandedAttributes. */
  private readonly attrUris: string[] = [];
  private attrSet: Set<string> | null = null;
  private readonly prefixes = new Map<string, string>();

  // Token start snapshot: restored when a token runs past the buffered bytes.
  private markPos = 0;
  private markLine = 1;
  private markLineStart = 0;
  private markLineExtra = 0;
  private markTotalExtra = 0;
  private markAstral = 0;
  private markLastCR = -2;
  /** Bytes buffered from the pending token before it is worth re-trying. */
  private retryLength = 0;
  /**
   * Absolute offset just after a run of text that ended with CR: when the next run starts right
   * there with LF (a CR LF cut between two writes), that LF is the same line break.
   */
  private textEndAfterCR = -1;
  /**
   * Absolute offset after the last entity reference in an attribute value that was counted
   * towards the entity limits. A start tag cut by the end of a read is parsed again once more
   * bytes arrive; its references must not count twice, or the limits would trip at a place that
   * depends on where reads happen to end (and differ between a split chunk and a whole file).
   */
  private attributeReferencesCountedTo = 0;

  private storage: Uint8Array = new Uint8Array(0);
  /** buf seen as 32-bit words, when it is 4-byte aligned; for skipPlainText. */
  private words: Uint32Array | null = null;

  /** Set when the scan stopped at options.stop (absolute offset of the row tag's '<'). */
  stoppedAt: number | null = null;
  /** Set when stopAfterRootStart stopped the scan. */
  stoppedAfterRoot = false;
  rootName: string | null = null;
  elements = 0;
  maxDepthSeen = 0;

  constructor(
    handler: XmlHandler,
    options: ScanOptions = {},
    entityFrame: EntityFrame | null = null,
  ) {
    super();
    this.handler = handler;
    this.limits = options.limits ?? DEFAULT_SCAN_LIMITS;
    this.textStrings = options.textStrings ?? false;
    this.checkEncoding = options.checkEncoding ?? null;
    this.offsetMap = options.offsetMap ?? null;
    this.asciiOnly = options.asciiOnly ?? false;
    this.stopAt = options.stop ?? null;
    this.stopAfterRootStart = options.stopAfterRootStart ?? false;
    this.entityFrame = entityFrame;
    const start = options.startOffset ?? 0;
    this.base = start;
    this.lineStart = start;
    this.markLineStart = start;
    if (entityFrame !== null) {
      this.names = entityFrame.names;
      this.entities = entityFrame.entities;
      this.depthBase = entityFrame.depthBase;
      this.phase = Phase.Content;
      this.atDocumentStart = false;
      this.bindingPrefixes.push(...entityFrame.prefixes);
      this.bindingUris.push(...entityFrame.uris);
      this.stopDepth = -1;
      return;
    }
    this.names = sharedNameCache();
    this.entities = new EntityTable(this.limits);
    this.depthBase = 0;
    this.stopDepth = 1;
    const context = options.context;
    if (context !== undefined) this.enterContext(context);
  }

  private enterContext(context: FragmentContext): void {
    this.phase = Phase.Content;
    this.atDocumentStart = false;
    this.sawDoctype = true;
    this.sawAnyByte = true;
    for (const [prefix, uri] of Object.entries(context.namespaces)) {
      this.bindingPrefixes.push(prefix);
      this.bindingUris.push(uri);
    }
    for (const [name, text] of Object.entries(context.entities)) {
      this.entities.declare(name, internalEntity(text));
    }
    for (const name of context.externalEntities ?? [])
      this.entities.declare(name, { kind: 'external' });
    for (const name of context.unparsedEntities ?? [])
      this.entities.declare(name, { kind: 'unparsed' });
    if (context.undeclaredEntitiesAllowed === true) this.entities.incomplete = true;
    if (context.entityUse !== undefined) this.entities.resumeUse(context.entityUse);
    context.openElements.forEach((name, i) => {
      this.openNames.push(name);
      this.openBytes.push(null);
      this.openLines.push(context.openedAt?.[i]?.line ?? 0);
      this.openColumns.push(context.openedAt?.[i]?.column ?? 0);
      this.openBindingMarks.push(this.bindingPrefixes.length);
    });
    this.depth = context.openElements.length;
    this.contextDepth = this.depth;
    this.rootName = context.openElements[0] ?? null;
    this.stopDepth = this.depth;
    if (this.depth === 0) this.phase = Phase.Epilogue;
  }

  /** True once the scan stopped early (stop option or stopAfterRootStart). */
  get stopped(): boolean {
    return this.stoppedAt !== null || this.stoppedAfterRoot;
  }

  /** Feeds the next bytes. The chunk may be reused by the caller after this returns. */
  write(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    if (chunk.length > 0) this.sawAnyByte = true;
    const pending = this.end - this.pos;
    if (pending === 0) {
      this.dropConsumed();
      this.setBuffer(chunk);
      this.pos = 0;
      this.end = chunk.length;
    } else {
      this.append(chunk);
      if (this.end - this.pos < this.retryLength) return;
    }
    this.run();
    if (this.pos < this.end && this.buf === chunk) this.keepPending();
  }

  /** Signals the end of input and runs the end-of-document checks. */
  finish(): void {
    if (this.stopped) return;
    this.final = true;
    this.run();
    if (this.stopped) return;
    if (this.entityFrame !== null) {
      if (this.depth > 0) {
        this.fail('syntax', `<${this.openNames[this.depth - 1]}> is not closed within the entity`);
      }
      return;
    }
    if (this.phase === Phase.Content) {
      const i = this.depth - 1;
      this.fail(
        'syntax',
        `unexpected end of document: <${this.openNames[i]}>${this.openedAtText(i)} is not closed`,
        this.openedAtRelated(i),
      );
    }
    if (this.phase === Phase.Prolog) {
      this.fail('syntax', this.sawAnyByte ? 'no root element found' : 'the document is empty');
    }
  }

  position(): ScanPosition {
    const column = this.column();
    return {
      offset: this.sourceOffset(),
      line: this.line,
      column,
      lineBreaks: this.line - 1,
      charsSinceLineBreak: column - 1,
    };
  }

  /** Qualified names and start positions of the currently open elements, outermost first. */
  openElements(): { name: string; line: number; column: number }[] {
    const open: { name: string; line: number; column: number }[] = [];
    for (let i = 0; i < this.depth; i++) {
      open.push({
        name: this.openNames[i] as string,
        line: this.openLines[i] as number,
        column: this.openColumns[i] as number,
      });
    }
    return open;
  }

  /** Line and column just after the last byte written, pending bytes included. */
  bufferedEndPosition(): { line: number; column: number } {
    let line = this.line;
    let lineStart = this.lineStart;
    let extra = this.lineExtra;
    let lastCR = this.lastCR;
    for (let p = this.pos; p < this.end; p++) {
      const b = this.buf[p] as number;
      const abs = this.base + p;
      if (b === LF || b === CR) {
        if (!(b === LF && lastCR === abs - 1)) line++;
        if (b === CR) lastCR = abs;
        lineStart = abs + 1;
        extra = 0;
      } else if ((b & 0xc0) === 0x80) extra++;
    }
    return { line, column: this.base + this.end - lineStart - extra + 1 };
  }

  private openedAtText(i: number): string {
    const line = this.openLines[i] ?? 0;
    return line > 0 ? ` opened at ${line}:${this.openColumns[i]}` : '';
  }

  /** The relative position an "opened at" message mentions (null for context elements). */
  private openedAtRelated(i: number): { line: number; column: number } | null {
    if (i < this.contextDepth) return null;
    return { line: this.openLines[i] ?? 0, column: this.openColumns[i] ?? 0 };
  }

  private append(chunk: Uint8Array): void {
    const pending = this.end - this.pos;
    const needed = pending + chunk.length;
    if (this.buf === this.storage && needed <= this.storage.length) {
      if (this.pos > 0) this.storage.copyWithin(0, this.pos, this.end);
    } else {
      const next = new Uint8Array(Math.max(MIN_STORAGE, needed * 2));
      next.set(this.buf.subarray(this.pos, this.end));
      this.storage = next;
    }
    this.storage.set(chunk, pending);
    this.dropConsumed();
    this.markPos -= this.pos;
    this.setBuffer(this.storage);
    this.pos = 0;
    this.end = needed;
  }

  private keepPending(): void {
    const pending = this.end - this.pos;
    if (this.storage.length < pending)
      this.storage = new Uint8Array(Math.max(MIN_STORAGE, pending * 2));
    this.storage.set(this.buf.subarray(this.pos, this.end));
    this.dropConsumed();
    this.setBuffer(this.storage);
    this.pos = 0;
    this.end = pending;
  }

  private setBuffer(buf: Uint8Array): void {
    this.buf = buf;
    this.words =
      buf.byteOffset % 4 === 0
        ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2)
        : null;
  }

  /**
   * Advances over plain character data (TEXT_PLAIN bytes) from p, four bytes at a time where the
   * buffer allows: prose is most of a document's bytes, and one word test is cheaper than four
   * table lookups. The word tests are the exact "has a byte less than / equal to" bit tricks.
   */
  private skipPlainText(p: number, end: number): number {
    const buf = this.buf;
    // Most runs are short (indentation, a word between references): bytes first, and words
    // only once a run proves long.
    const near = Math.min(end, p + 16);
    while (p < near && TEXT_PLAIN[buf[p] as number] === 1) p++;
    if (p < near) return p;
    const words = this.words;
    if (words !== null) {
      while ((p & 3) !== 0 && p < end && TEXT_PLAIN[buf[p] as number] === 1) p++;
      if ((p & 3) === 0) {
        let w = p >>> 2;
        const wordsEnd = end >>> 2;
        while (w < wordsEnd) {
          const word = words[w] as number;
          const lt = word ^ 0x3c3c3c3c;
          const amp = word ^ 0x26262626;
          const rsqb = word ^ 0x5d5d5d5d;
          if (
            ((word |
              ((word - 0x20202020) & ~word) |
              ((lt - 0x01010101) & ~lt) |
              ((amp - 0x01010101) & ~amp) |
              ((rsqb - 0x01010101) & ~rsqb)) &
              0x80808080) !==
            0
          )
            break;
          w++;
        }
        p = w * 4;
      }
    }
    while (p < end && TEXT_PLAIN[buf[p] as number] === 1) p++;
    return p;
  }

  private mark(): void {
    this.markPos = this.pos;
    this.markLine = this.line;
    this.markLineStart = this.lineStart;
    this.markLineExtra = this.lineExtra;
    this.markTotalExtra = this.totalExtra;
    this.markAstral = this.astral;
    this.markLastCR = this.lastCR;
  }

  private rewind(): void {
    this.pos = this.markPos;
    this.line = this.markLine;
    this.lineStart = this.markLineStart;
    this.lineExtra = this.markLineExtra;
    this.totalExtra = this.markTotalExtra;
    this.astral = this.markAstral;
    this.lastCR = this.markLastCR;
  }

  private markColumn(): number {
    return this.base + this.markPos - this.markLineStart - this.markLineExtra + 1;
  }

  /** Fails at the start of the current token. */
  private failAtMark(kind: 'syntax' | 'limit', message: string): never {
    this.rewind();
    return this.fail(kind, message);
  }

  private run(): void {
    this.retryLength = 0;
    while (this.pos < this.end) {
      this.mark();
      try {
        if (this.buf[this.pos] === LT) this.markup();
        else if (this.phase === Phase.Content) this.text();
        else this.outsideText();
      } catch (error) {
        if (error !== NEED_MORE) throw error;
        this.rewind();
        this.retryLength = 2 * (this.end - this.pos);
        return;
      }
      this.atDocumentStart = false;
      if (this.stopped) return;
    }
  }

  private markup(): void {
    const b1 = this.byteAt(this.pos + 1, "after '<'");
    if (b1 === SLASH) this.endTag();
    else if (b1 === 0x3f) {
      if (this.atDocumentStart && this.lookingAt('<?xml') && this.isXmlDeclaration()) {
        this.xmlDeclaration();
      } else {
        const start = this.pos;
        skipProcessingInstruction(this);
        if (this.handler.instruction) this.handler.instruction(this.decode(start, this.pos));
      }
    } else if (b1 === 0x21) {
      const b2 = this.byteAt(this.pos + 2, "after '<!'");
      if (b2 === 0x2d) {
        if (!this.lookingAt('<!--')) this.fail('syntax', "expected '<!--' to start a comment");
        skipComment(this);
      } else if (b2 === 0x5b) {
        if (!this.lookingAt('<![CDATA[')) this.fail('syntax', "expected '<![CDATA['");
        if (this.phase !== Phase.Content) {
          this.fail('syntax', 'CDATA sections are only allowed inside the root element');
        }
        this.cdata();
      } else if (this.lookingAt('<!DOCTYPE')) this.doctype();
      else this.fail('syntax', "expected '<!--', '<![CDATA[' or '<!DOCTYPE' after '<!'");
    } else this.startTag();
  }

  private isXmlDeclaration(): boolean {
    const b = this.byteAt(this.pos + 5, 'in the XML declaration');
    return isSpaceByte(b) || b === 0x3f;
  }

  private outsideText(): void {
    const buf = this.buf;
    let p = this.pos;
    while (p < this.end) {
      const b = buf[p] as number;
      if (b === 0x20 || b === TAB) p++;
      else if (b === LF || b === CR) {
        this.newline(p, b);
        p++;
      } else if (b === LT) break;
      else {
        this.pos = p;
        if (b === AMP) {
          this.fail(
            'syntax',
            'entity and character references are not allowed outside the root element',
          );
        }
        if (b >= 0x80 || b < 0x20) {
          // An encoding error in the character comes first; otherwise point at its start, with
          // the column counters as they were before it.
          const lineExtra = this.lineExtra;
          const totalExtra = this.totalExtra;
          const astral = this.astral;
          this.readChar('');
          this.pos = p;
          this.lineExtra = lineExtra;
          this.totalExtra = totalExtra;
          this.astral = astral;
        }
        if (this.phase === Phase.Prolog) {
          this.fail('syntax', 'text is not allowed before the root element (is this an XML file?)');
        }
        this.fail('syntax', `text is not allowed after the root element </${this.rootName}>`);
      }
    }
    this.pos = p;
  }

  // ---- Character data ------------------------------------------------------------------------

  private text(): void {
    const buf = this.buf;
    const end = this.end;
    const started = this.pos;
    let p = this.pos;
    let runStart = p;
    let crlf = 0;
    for (;;) {
      p = this.skipPlainText(p, end);
      if (p >= end) break;
      const b = buf[p] as number;
      if (b === LT) break;
      if (b >= 0x80) {
        // Valid 2- and 3-byte characters, the bulk of non-ASCII text, skip the full decode.
        const fast = this.skipMultiByte(p);
        if (fast > 0) {
          p += fast;
          continue;
        }
      }
      if (b === LF || b === CR) {
        if (b === LF && this.lastCR === this.base + p - 1) crlf++;
        this.newline(p, b);
        p++;
      } else if (b === TAB) {
        p++;
      } else if (b === RSQB) {
        if (p + 2 >= end) {
          if (!this.final) break;
          p++;
        } else if (buf[p + 1] === RSQB && buf[p + 2] === GT) {
          this.emitText(runStart, p, crlf);
          this.pos = p;
          this.fail('syntax', "']]>' is not allowed in character data");
        } else p++;
      } else if (b === AMP) {
        this.emitText(runStart, p, crlf);
        this.pos = p;
        this.mark();
        this.reference();
        p = this.pos;
        runStart = p;
        crlf = 0;
      } else if (b >= 0x80) {
        const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        if (p + length > end && !this.final) break;
        this.pos = p;
        try {
          this.readMultiByte('');
        } catch (error) {
          // Text before an error is reported the same whatever the chunking.
          this.emitText(runStart, p, crlf);
          throw error;
        }
        p = this.pos;
      } else {
        this.emitText(runStart, p, crlf);
        this.pos = p;
        this.fail('syntax', `character ${codePointLabel(b)} is not allowed in XML`);
      }
    }
    this.emitText(runStart, p, crlf);
    this.pos = p;
    if (p === started && p < end) throw NEED_MORE;
  }

  private emitText(start: number, end: number, crlf: number, source: TextSource = 'chars'): void {
    if (end === start) return;
    const handler = this.handler.text;
    if (handler === undefined) return;
    const bytes = end - start - crlf;
    const splitCRLF = this.base + start === this.textEndAfterCR && this.buf[start] === LF;
    this.textEndAfterCR = this.buf[end - 1] === CR ? this.base + end : -1;
    // Only that LF: the CR before it already gave the line break and its byte.
    if (splitCRLF && bytes === 0) return;
    let text: string | null = null;
    if (this.textStrings && this.handler.needsText?.() !== false) {
      const from = splitCRLF ? start + 1 : start;
      text = indentation(this.buf, from, end);
      if (text === null) {
        text = this.decode(from, end);
        if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
      }
    }
    handler.call(this.handler, bytes, text, source);
  }

  private cdata(): void {
    this.pos += 9;
    const start = this.pos;
    const buf = this.buf;
    let crlf = 0;
    for (;;) {
      let p = this.pos;
      while (p < this.end && TEXT_PLAIN[buf[p] as number] === 1) p++;
      this.pos = p;
      const b = this.byteAt(p, 'inside a CDATA section (missing ]]>)');
      if (b === RSQB) {
        if (
          this.byteAt(p + 1, 'inside a CDATA section (missing ]]>)') === RSQB &&
          this.byteAt(p + 2, 'inside a CDATA section (missing ]]>)') === GT
        ) {
          if (p === start) this.handler.emptyCdata?.();
          else this.emitText(start, p, crlf, 'cdata');
          this.pos = p + 3;
          return;
        }
        this.pos = p + 1;
      } else if (b === LT || b === AMP) {
        this.pos = p + 1;
      } else {
        const fast = b >= 0x80 ? this.skipMultiByte(p) : 0;
        if (fast > 0) {
          this.pos = p + fast;
          continue;
        }
        if (b === LF && this.lastCR === this.base + p - 1) crlf++;
        this.readChar('inside a CDATA section (missing ]]>)');
      }
    }
  }

  /** `&...;` in content. */
  private reference(): void {
    if (this.byteAt(this.pos + 1, 'in a reference') === 0x23) {
      const cp = readCharRef(this);
      this.handler.text?.(
        utf8Length(cp),
        this.textStrings ? String.fromCodePoint(cp) : null,
        'reference',
      );
      return;
    }
    this.pos++;
    this.readName('in an entity reference');
    const name = this.names.get(this.buf, this.nameStart, this.nameEnd);
    if (this.byteAt(this.pos, 'in an entity reference') !== 0x3b) {
      this.fail('syntax', `expected ';' after the entity name '${name}'`);
    }
    this.pos++;
    const predefined = PREDEFINED_ENTITIES.get(name);
    if (predefined !== undefined) {
      this.handler.text?.(1, this.textStrings ? predefined : null, 'reference');
      return;
    }
    const decl = this.entities.decls.get(name);
    if (decl === undefined) {
      if (this.entities.undeclaredAllowed) return;
      this.failAtMark('syntax', `entity '${name}' is not declared`);
    }
    if (decl.kind === 'unparsed') {
      this.failAtMark('syntax', `reference to the unparsed entity '${name}' in content`);
    }
    if (decl.kind === 'external') {
      // Never fetched or read; the mark is at the '&'.
      this.handler.unreadEntity?.(name, this.markLine, this.markColumn());
      return;
    }
    this.expandInContent(name, decl);
  }

  private expandInContent(name: string, decl: Extract<EntityDecl, { kind: 'internal' }>): void {
    const open = this.entityFrame?.open ?? [];
    if (open.includes(name)) this.failAtMark('syntax', `entity '${name}' refers to itself`);
    if (open.length >= MAX_ENTITY_NESTING) {
      this.failAtMark('limit', `entity references are nested more than ${MAX_ENTITY_NESTING} deep`);
    }
    if (this.entityFrame === null) this.entities.inputBytes = this.base + this.pos;
    this.entities.account(this, decl.text.length, open.length > 0 ? 1 : 0);
    if (decl.plain) {
      if (decl.bytes.length > 0)
        this.handler.text?.(decl.bytes.length, this.textStrings ? decl.text : null, 'reference');
      return;
    }
    if (decl.flat !== null) {
      const flat = decl.flat;
      if (flat.bytes.length > 0)
        this.handler.text?.(flat.bytes.length, this.textStrings ? flat.text : null, 'reference');
      return;
    }
    const offset = this.markSourceOffset();
    const sub = new XmlScanner(
      { ...this.handlerAt(offset, this.markLine, this.markColumn()) },
      { limits: this.limits, textStrings: this.textStrings },
      {
        name,
        depthBase: this.depthBase + this.depth,
        open: [...open, name],
        names: this.names,
        entities: this.entities,
        prefixes: this.bindingPrefixes,
        uris: this.bindingUris,
      },
    );
    try {
      sub.final = true;
      sub.write(decl.bytes);
      sub.finish();
    } catch (error) {
      if (!(error instanceof XmlScanError)) throw error;
      const message = error.message.includes('(in entity')
        ? error.message
        : `${error.message} (in entity '${name}')`;
      this.rewind();
      this.fail(error.kind, message);
    }
    this.elements += sub.elements;
    this.maxDepthSeen = Math.max(this.maxDepthSeen, sub.maxDepthSeen);
  }

  /**
   * The handler as seen from an entity's replacement text: element offsets, and the position of
   * an unread entity, are the reference's.
   */
  private handlerAt(offset: number, line: number, column: number): XmlHandler {
    const h = this.handler;
    const wrapped: XmlHandler = {};
    if (h.startElement !== undefined) {
      const start = h.startElement;
      wrapped.startElement = (name, depth, _offset, attributes) =>
        start.call(h, name, depth, offset, attributes, true);
    }
    if (h.endElement !== undefined) wrapped.endElement = h.endElement.bind(h);
    // Text inside a replacement text is the reference's expansion, whatever its own source.
    if (h.text !== undefined) {
      const text = h.text;
      wrapped.text = (bytes, value) => text.call(h, bytes, value, 'reference');
    }
    if (h.needsText !== undefined) wrapped.needsText = h.needsText.bind(h);
    if (h.instruction !== undefined) wrapped.instruction = h.instruction.bind(h);
    if (h.emptyCdata !== undefined) wrapped.emptyCdata = h.emptyCdata.bind(h);
    if (h.namespace !== undefined) wrapped.namespace = h.namespace.bind(h);
    if (h.unreadEntity !== undefined) {
      const unread = h.unreadEntity;
      wrapped.unreadEntity = (name) => unread.call(h, name, line, column);
    }
    return wrapped;
  }

  private markSourceOffset(): number {
    const abs = this.base + this.markPos;
    return this.offsetMap === null
      ? abs
      : this.offsetMap(abs - this.markTotalExtra, this.markAstral);
  }

  // ---- Tags ----------------------------------------------------------------------------------

  private readQName(what: string): string {
    this.readName(what);
    const { nameStart, nameEnd, nameColon } = this;
    if (this.nameColons > 1 || nameColon === nameStart || nameColon === nameEnd - 1) {
      this.pos = nameStart;
      this.fail(
        'syntax',
        `'${this.decode(nameStart, nameEnd)}' is not a valid qualified name (Namespaces in XML 1.0)`,
      );
    }
    // Both parts must be NCNames: readName checked the prefix's first character, not the local
    // part's (`p:1a`, `xmlns:-` are XML names but not qualified names).
    if (nameColon > 0 && !startsNcName(this.buf, nameColon + 1)) {
      this.pos = nameStart;
      this.fail(
        'syntax',
        `'${this.decode(nameStart, nameEnd)}' is not a valid qualified name: the part after the colon must start with a letter or '_' (Namespaces in XML 1.0)`,
      );
    }
    const hash = this.nameHash;
    return hash < 0
      ? this.names.get(this.buf, nameStart, nameEnd)
      : this.names.getHashed(this.buf, nameStart, nameEnd, hash);
  }

  private startTag(): void {
    const tagLine = this.line;
    const tagColumn = this.column();
    this.pos++;
    const name = this.readQName("after '<'");
    const nameBytes = this.names.lastBytes;
    const colon = this.nameColon >= 0 ? this.nameColon - this.nameStart : -1;
    const stop = this.stopAt;
    if (
      stop !== null &&
      this.depth === this.stopDepth &&
      this.base + this.markPos >= stop.fromOffset &&
      name === stop.rowTag &&
      this.phase === Phase.Content
    ) {
      this.rewind();
      this.stoppedAt = this.sourceOffset();
      return;
    }
    if (this.phase === Phase.Epilogue && this.entityFrame === null) {
      this.failAtMark(
        'syntax',
        `only one root element is allowed: <${name}> comes after the root element </${this.rootName}>`,
      );
    }
    this.attrCount = 0;
    this.attrSet = null;
    let empty = false;
    for (;;) {
      const spaced = this.skipSpace() > 0;
      const b = this.byteAt(this.pos, 'inside a start tag');
      if (b === GT) {
        this.pos++;
        break;
      }
      if (b === SLASH) {
        if (this.byteAt(this.pos + 1, 'inside a start tag') !== GT) {
          this.pos++;
          this.fail('syntax', `expected '>' after '/' in <${name}>`);
        }
        this.pos += 2;
        empty = true;
        break;
      }
      if (!spaced) {
        this.fail('syntax', `expected whitespace, '>' or '/>' in the start tag <${name}>`);
      }
      this.attribute(name);
    }
    this.openElement(name, nameBytes, colon, tagLine, tagColumn, empty);
  }

  private attribute(element: string): void {
    const nameStart = this.pos;
    const attrName = this.readQName('as an attribute name');
    const colon = this.nameColon;
    const kind =
      colon < 0
        ? isXmlnsBytes(this.buf, this.nameStart, this.nameEnd)
          ? ATTR_XMLNS
          : ATTR_PLAIN_NAME
        : isXmlnsBytes(this.buf, this.nameStart, colon)
          ? ATTR_XMLNS
          : this.nameEnd - this.nameStart === attrName.length
            ? colon - this.nameStart
            : attrName.indexOf(':'); // non-ASCII: string and byte indexes differ
    const i = this.attrCount;
    if (i < 16) {
      for (let j = 0; j < i; j++) {
        if (this.attrNames[j] === attrName) this.duplicateAttribute(nameStart, attrName, element);
      }
    } else {
      if (this.attrSet === null) this.attrSet = new Set(this.attrNames.slice(0, i));
      if (this.attrSet.has(attrName)) this.duplicateAttribute(nameStart, attrName, element);
      this.attrSet.add(attrName);
    }
    this.skipSpace();
    if (this.byteAt(this.pos, 'after an attribute name') !== 0x3d) {
      this.fail('syntax', `expected '=' after the attribute name '${attrName}' in <${element}>`);
    }
    this.pos++;
    this.skipSpace();
    const quote = this.byteAt(this.pos, 'before an attribute value');
    if (quote !== QUOTE && quote !== APOS) {
      this.fail(
        'syntax',
        `expected a quoted value for the attribute '${attrName}' in <${element}>`,
      );
    }
    this.attrNames[i] = attrName;
    this.attrKinds[i] = kind;
    this.attrValueStarts[i] = this.pos + 1;
    this.scanAttributeValue();
    this.attrValueEnds[i] = this.pos - 1;
    this.attrCount = i + 1;
  }

  private duplicateAttribute(at: number, name: string, element: string): never {
    this.pos = at;
    return this.fail('syntax', `attribute '${name}' appears twice in <${element}>`);
  }

  /** Scans a quoted value at pos (on the quote) through the closing quote. */
  private scanAttributeValue(): void {
    const buf = this.buf;
    const quote = buf[this.pos] as number;
    let p = this.pos + 1;
    for (;;) {
      const end = this.end;
      while (p < end && ATTR_PLAIN[buf[p] as number] === 1) p++;
      if (p >= end) {
        this.pos = p;
        this.more('inside an attribute value');
      }
      const b = buf[p] as number;
      if (b === quote) {
        this.pos = p + 1;
        return;
      }
      if (b === QUOTE || b === APOS || b === TAB) p++;
      else if (b === LF || b === CR) {
        this.newline(p, b);
        p++;
      } else if (b === LT) {
        this.pos = p;
        this.fail('syntax', "'<' is not allowed in attribute values (write &lt;)");
      } else if (b === AMP) {
        this.pos = p;
        this.attributeReference();
        p = this.pos;
      } else if (b >= 0x80) {
        const fast = this.skipMultiByte(p);
        if (fast > 0) p += fast;
        else {
          this.pos = p;
          this.readMultiByte('inside an attribute value');
          p = this.pos;
        }
      } else {
        this.pos = p;
        this.fail('syntax', `character ${codePointLabel(b)} is not allowed in XML`);
      }
    }
  }

  private attributeReference(): void {
    if (this.byteAt(this.pos + 1, 'in a reference') === 0x23) {
      readCharRef(this);
      return;
    }
    const at = this.pos;
    this.pos++;
    this.readName('in an entity reference');
    const name = this.names.get(this.buf, this.nameStart, this.nameEnd);
    if (this.byteAt(this.pos, 'in an entity reference') !== 0x3b) {
      this.fail('syntax', `expected ';' after the entity name '${name}'`);
    }
    const after = this.pos + 1;
    if (this.base + after <= this.attributeReferencesCountedTo) {
      this.pos = after; // checked and counted before this start tag was re-tried
      return;
    }
    this.pos = at;
    // As for a reference in content: the expanded-characters limit compares with the bytes read
    // up to here, not up to the last content reference (a split chunk may not have seen one).
    if (this.entityFrame === null) this.entities.inputBytes = this.base + after;
    this.entities.checkAttributeReference(this, name);
    this.attributeReferencesCountedTo = this.base + after;
    this.pos = after;
  }

  private openElement(
    name: string,
    nameBytes: Uint8Array | null,
    colon: number,
    line: number,
    column: number,
    empty: boolean,
  ): void {
    const bindingMark = this.bindingPrefixes.length;
    const count = this.attrCount;
    let prefixedAttributes = 0;
    for (let i = 0; i < count; i++) {
      const kind = this.attrKinds[i] as number;
      if (kind === ATTR_XMLNS) {
        const attrName = this.attrNames[i] as string;
        this.declareNamespace(
          attrName.length === 5 ? '' : attrName.slice(6),
          this.namespaceValue(i),
        );
      } else if (kind > 0) {
        prefixedAttributes++;
      }
    }
    if (colon >= 0) this.resolvePrefix(name, name, null);
    if (prefixedAttributes > 0) this.checkExpandedAttributes(name, prefixedAttributes);
    const depth = this.depth;
    if (depth + this.depthBase >= this.limits.maxDepth) {
      this.failAtMark(
        'limit',
        `elements are nested deeper than the limit of ${this.limits.maxDepth} (maxDepth)`,
      );
    }
    this.openNames[depth] = name;
    // Only ASCII names take the end-tag fast path, which skips the name's bytes without
    // counting the UTF-8 continuation bytes that columns need (equal lengths: ASCII only).
    this.openBytes[depth] =
      nameBytes !== null && nameBytes.length === name.length ? nameBytes : null;
    this.openLines[depth] = line;
    this.openColumns[depth] = column;
    this.openBindingMarks[depth] = bindingMark;
    this.depth = depth + 1;
    this.elements++;
    const globalDepth = this.depthBase + depth + 1;
    if (globalDepth > this.maxDepthSeen) this.maxDepthSeen = globalDepth;
    if (this.phase === Phase.Prolog) {
      this.phase = Phase.Content;
      this.rootName = name;
    }
    const handler = this.handler;
    if (handler.namespace !== undefined) {
      for (let i = bindingMark; i < this.bindingPrefixes.length; i++) {
        handler.namespace(this.bindingPrefixes[i] as string, this.bindingUris[i] as string);
      }
    }
    handler.startElement?.(name, globalDepth, this.markSourceOffset(), this, false);
    if (empty) this.closeElement();
    if (this.stopAfterRootStart && globalDepth === 1) this.stoppedAfterRoot = true;
  }

  private closeElement(): void {
    const depth = this.depth - 1;
    const name = this.openNames[depth] as string;
    const mark = this.openBindingMarks[depth] as number;
    if (this.bindingPrefixes.length !== mark) {
      this.bindingPrefixes.length = mark;
      this.bindingUris.length = mark;
    }
    this.depth = depth;
    this.handler.endElement?.(name, this.depthBase + depth + 1);
    if (depth === 0 && this.entityFrame === null) this.phase = Phase.Epilogue;
  }

  /**
   * value(i) for a namespace declaration. The same URI is usually declared over and over, so a
   * value needing no normalisation comes from the name cache instead of a TextDecoder call per
   * declaration (which cost ~3% of a validate run on the benchmark corpus).
   */
  private namespaceValue(i: number): string {
    const start = this.attrValueStarts[i] as number;
    const end = this.attrValueEnds[i] as number;
    const buf = this.buf;
    for (let p = start; p < end; p++) {
      const b = buf[p] as number;
      if (b === AMP || b < 0x20) return this.value(i);
    }
    return this.names.get(buf, start, end);
  }

  private declareNamespace(prefix: string, uri: string): void {
    if (prefix === 'xmlns') this.failAtMark('syntax', "the prefix 'xmlns' must not be declared");
    if (prefix === 'xml' && uri !== XML_NAMESPACE) {
      this.failAtMark('syntax', `the prefix 'xml' can only be bound to ${XML_NAMESPACE}`);
    }
    if (prefix !== 'xml' && uri === XML_NAMESPACE) {
      this.failAtMark('syntax', `only the prefix 'xml' can be bound to ${XML_NAMESPACE}`);
    }
    if (uri === XMLNS_NAMESPACE) this.failAtMark('syntax', `${XMLNS_NAMESPACE} cannot be declared`);
    if (prefix !== '' && uri === '') {
      this.failAtMark('syntax', `xmlns:${prefix}="" is not allowed (Namespaces in XML 1.0)`);
    }
    this.bindingPrefixes.push(prefix);
    this.bindingUris.push(uri);
  }

  /** The prefix of a qualified name, from a small cache so repeated names don't allocate. */
  private prefixOf(qname: string): string {
    let prefix = this.prefixes.get(qname);
    if (prefix === undefined) {
      prefix = qname.slice(0, qname.indexOf(':'));
      if (this.prefixes.size < 4096) this.prefixes.set(qname, prefix);
    }
    return prefix;
  }

  /** The namespace URI of a prefixed element (attribute null) or attribute name. */
  private resolvePrefix(qname: string, element: string, attribute: string | null): string {
    const prefix = this.prefixOf(qname);
    if (prefix === 'xml') return XML_NAMESPACE;
    for (let i = this.bindingPrefixes.length - 1; i >= 0; i--) {
      if (this.bindingPrefixes[i] === prefix) return this.bindingUris[i] as string;
    }
    const where =
      attribute === null ? `<${element}>` : `the attribute '${attribute}' of <${element}>`;
    return this.failAtMark(
      'syntax',
      `the namespace prefix '${prefix}' in ${where} is not declared`,
    );
  }

  private checkExpandedAttributes(element: string, prefixed: number): void {
    if (prefixed <= PAIRWISE_ATTRIBUTES) {
      // The usual few prefixed attributes: compare pairs rather than build a Map and key strings
      // per start tag. Reports the same first clash as the Map below.
      const uris = this.attrUris;
      for (let i = 0; i < this.attrCount; i++) {
        const colon = this.attrKinds[i] as number;
        if (colon <= 0) continue;
        const attrName = this.attrNames[i] as string;
        const uri = this.resolvePrefix(attrName, element, attrName);
        uris[i] = uri;
        if (prefixed === 1) return;
        for (let j = 0; j < i; j++) {
          const otherColon = this.attrKinds[j] as number;
          if (otherColon <= 0 || uris[j] !== uri) continue;
          const other = this.attrNames[j] as string;
          if (sameLocalName(other, otherColon, attrName, colon)) {
            this.failAtMark(
              'syntax',
              `attributes '${other}' and '${attrName}' of <${element}> have the same namespace and local name`,
            );
          }
        }
      }
      return;
    }
    const seen = new Map<string, string>();
    for (let i = 0; i < this.attrCount; i++) {
      const colon = this.attrKinds[i] as number;
      if (colon <= 0) continue;
      const attrName = this.attrNames[i] as string;
      const uri = this.resolvePrefix(attrName, element, attrName);
      const key = `{${uri}}${attrName.slice(colon + 1)}`;
      const other = seen.get(key);
      if (other !== undefined) {
        this.failAtMark(
          'syntax',
          `attributes '${other}' and '${attrName}' of <${element}> have the same namespace and local name`,
        );
      }
      seen.set(key, attrName);
    }
  }

  private endTag(): void {
    if (this.depth > 0 && this.endTagFastPath()) return;
    this.pos += 2;
    const name = this.readQName("after '</'");
    this.skipSpace();
    if (this.byteAt(this.pos, 'in an end tag') !== GT) {
      this.fail('syntax', `expected '>' to end the end tag </${name}>`);
    }
    this.pos++;
    const depth = this.depth;
    if (depth === 0) {
      this.failAtMark(
        'syntax',
        this.entityFrame !== null
          ? `end tag </${name}> has no start tag in the entity`
          : `end tag </${name}> has no matching start tag`,
      );
    }
    const open = this.openNames[depth - 1] as string;
    if (open !== name) {
      this.rewind();
      this.fail(
        'syntax',
        `</${name}> does not close <${open}>${this.openedAtText(depth - 1)}`,
        this.openedAtRelated(depth - 1),
      );
    }
    this.closeElement();
  }

  /** `</name>` exactly matching the open element: no name decoding or hashing. */
  private endTagFastPath(): boolean {
    const expected = this.openBytes[this.depth - 1];
    if (expected === null || expected === undefined) return false;
    const buf = this.buf;
    const start = this.pos + 2;
    const n = expected.length;
    if (start + n >= this.end || buf[start + n] !== GT) return false;
    for (let i = 0; i < n; i++) if (buf[start + i] !== expected[i]) return false;
    this.pos = start + n + 1;
    this.closeElement();
    return true;
  }

  // ---- Prolog --------------------------------------------------------------------------------

  private xmlDeclaration(): void {
    this.pos += 5;
    this.skipSpace();
    const versionAt = this.pos;
    this.readName('in the XML declaration');
    if (this.decode(this.nameStart, this.nameEnd) !== 'version') {
      this.pos = versionAt;
      this.fail('syntax', 'the XML declaration must start with version="1.0"');
    }
    const version = this.declarationValue('version');
    if (!/^1\.[0-9]+$/.test(version)) {
      this.failAtMark('syntax', `unsupported XML version '${version}' (expected 1.x)`);
    }
    let spaced = this.skipSpace() > 0;
    if (!this.lookingAt('?>')) {
      const nameAt = this.pos;
      this.readName('in the XML declaration');
      let key = this.decode(this.nameStart, this.nameEnd);
      if (key === 'encoding') {
        if (!spaced) this.fail('syntax', "expected whitespace before 'encoding'");
        const encoding = this.declarationValue('encoding');
        const after = this.pos;
        // The value has no line breaks, so stepping back to it keeps line and column exact.
        this.pos = after - 1 - encoding.length;
        if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(encoding)) {
          this.fail('syntax', `'${encoding}' is not a valid encoding name`);
        }
        const problem = this.checkEncoding?.(encoding) ?? null;
        if (problem !== null) this.fail('encoding', problem);
        this.pos = after;
        spaced = this.skipSpace() > 0;
        if (!this.lookingAt('?>')) {
          this.readName('in the XML declaration');
          key = this.decode(this.nameStart, this.nameEnd);
        } else key = '';
      }
      if (key === 'standalone') {
        if (!spaced) this.fail('syntax', "expected whitespace before 'standalone'");
        const value = this.declarationValue('standalone');
        if (value !== 'yes' && value !== 'no') {
          this.failAtMark('syntax', `standalone must be "yes" or "no", not "${value}"`);
        }
        this.entities.standalone = value === 'yes';
        this.skipSpace();
      } else if (key !== '') {
        this.pos = nameAt;
        this.fail('syntax', `unexpected '${key}' in the XML declaration`);
      }
    }
    if (!this.lookingAt('?>')) this.fail('syntax', "expected '?>' to end the XML declaration");
    this.pos += 2;
  }

  private declarationValue(key: string): string {
    this.skipSpace();
    if (this.byteAt(this.pos, 'in the XML declaration') !== 0x3d) {
      this.fail('syntax', `expected '=' after '${key}' in the XML declaration`);
    }
    this.pos++;
    this.skipSpace();
    const quote = this.byteAt(this.pos, 'in the XML declaration');
    if (quote !== QUOTE && quote !== APOS)
      this.fail('syntax', `expected a quoted value for '${key}'`);
    const start = this.pos + 1;
    let p = start;
    while (this.byteAt(p, 'in the XML declaration') !== quote) {
      const b = this.buf[p] as number;
      if (b < 0x20 || b >= 0x80) {
        this.pos = p;
        this.fail('syntax', `unexpected character in the value of '${key}'`);
      }
      p++;
    }
    this.pos = p + 1;
    return this.decode(start, p);
  }

  private doctype(): void {
    if (this.phase !== Phase.Prolog) {
      this.fail('syntax', 'the DOCTYPE must come before the root element');
    }
    if (this.sawDoctype) this.fail('syntax', 'only one DOCTYPE is allowed');
    this.pos += 9;
    // A retried DOCTYPE must not see the declarations of the failed attempt.
    this.entities.decls.clear();
    this.entities.incomplete = false;
    // A closure only here: as an instance arrow field it was allocated for every scanner.
    parseDoctype(this, this.entities, () => this.scanAttributeValue());
    this.sawDoctype = true;
  }

  // ---- Attributes on demand ------------------------------------------------------------------

  get length(): number {
    return this.attrCount;
  }

  name(index: number): string {
    return this.attrNames[index] ?? '';
  }

  value(index: number): string {
    const start = this.attrValueStarts[index];
    const end = this.attrValueEnds[index];
    if (start === undefined || end === undefined || index >= this.attrCount) return '';
    const raw = this.decode(start, end);
    return normaliseAttribute(raw, this.entities.decls, 0);
  }

  rawValue(index: number): string {
    const start = this.attrValueStarts[index];
    const end = this.attrValueEnds[index];
    if (start === undefined || end === undefined || index >= this.attrCount) return '';
    return this.decode(start, end);
  }
}

/** True when the parts of two qualified names after their colons are equal. */
function sameLocalName(a: string, aColon: number, b: string, bColon: number): boolean {
  const length = a.length - aColon;
  if (b.length - bColon !== length) return false;
  for (let k = 1; k < length; k++) {
    if (a.charCodeAt(aColon + k) !== b.charCodeAt(bColon + k)) return false;
  }
  return true;
}

/** Attribute-value normalisation (XML 1.0 3.3.3) for CDATA attributes, expanding references. */
function normaliseAttribute(
  raw: string,
  decls: ReadonlyMap<string, EntityDecl>,
  nesting: number,
): string {
  if (!raw.includes('&') && !/[\t\n\r]/.test(raw)) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (c === 0x26) {
      const semi = raw.indexOf(';', i);
      const ref = raw.slice(i + 1, semi);
      if (ref.startsWith('#x')) out += String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
      else if (ref.startsWith('#')) out += String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
      else {
        const predefined = PREDEFINED_ENTITIES.get(ref);
        const decl = decls.get(ref);
        if (predefined !== undefined) out += predefined;
        else if (decl?.kind === 'internal' && nesting < MAX_ENTITY_NESTING) {
          out += normaliseAttribute(decl.text, decls, nesting + 1);
        }
      }
      i = semi + 1;
    } else if (c === 0x0d) {
      out += ' ';
      i += raw.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    } else {
      out += c === 0x09 || c === 0x0a ? ' ' : raw[i];
      i++;
    }
  }
  return out;
}
