/**
 * Reads what a document's head says about its schema, and what a schema file is: the xml-model
 * instructions, the DOCTYPE's external id and internal subset, and the root element's name,
 * namespace and attributes (xsi:schemaLocation). Only the head (up to 1 MiB) is read.
 *
 * For documents this runs after xmlpool's scanner has found the file well-formed, and for schema
 * files before libxml2 reports on them, so it only has to find things, not judge the syntax: it
 * returns null where the head does not have the expected shape.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { fsPath } from '../fs/escaped-path';

export const HEAD_BYTES = 1024 * 1024;

export interface DoctypeInfo {
  name: string;
  publicId: string | null;
  systemId: string | null;
  /** Text of the internal subset, between `[` and `]`; '' when there is none. */
  internalSubset: string;
}

export interface XmlModel {
  href: string;
  /** The `schematypens` pseudo-attribute, or null. */
  schemaTypeNs: string | null;
  /** The `type` pseudo-attribute (a media type), or null. */
  type: string | null;
}

export interface DocumentHead {
  models: XmlModel[];
  doctype: DoctypeInfo | null;
  /** The root's name as written, and its namespace URI ('' for none). */
  rootName: string;
  rootNamespace: string;
  /** Attributes of the root start tag, by name as written (values with references expanded). */
  rootAttributes: Map<string, string>;
}

/** The text the head's bytes hold: UTF-16 by its BOM or pattern, else the declared encoding. */
export function decodeHead(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0x3c && b1 === 0x00)) {
    return new TextDecoder('utf-16le').decode(bytes);
  }
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0x00 && b1 === 0x3c)) {
    return new TextDecoder('utf-16be').decode(bytes);
  }
  const ascii = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^(?:\uFEFF|ï»¿)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    ascii,
  )?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** The first `bytes` of a regular file (all of it when shorter); throws for anything else. */
export function readHead(path: string, bytes = HEAD_BYTES): Uint8Array {
  // Opening a FIFO would block until a writer comes.
  if (!statSync(fsPath(path)).isFile()) throw new Error(`${path} is not a regular file`);
  const fd = openSync(fsPath(path), 'r');
  try {
    const buffer = new Uint8Array(bytes);
    let filled = 0;
    while (filled < bytes) {
      const read = readSync(fd, buffer, filled, bytes - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

const NAME = /[^\s/>=]+/y;
const SPACE = /\s*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function expandReferences(value: string): string {
  return value.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return PREDEFINED[ref] ?? whole;
  });
}

/** `name="value"` pairs from a start tag's or a PI's text. */
function pseudoAttributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const pair = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (const match of text.matchAll(pair)) {
    const name = match[1];
    if (name !== undefined) found.set(name, expandReferences(match[2] ?? match[3] ?? ''));
  }
  return found;
}

/** Skips white space, comments and PIs; returns the PIs named `xml-model` on the way. */
function skipMisc(text: string, start: number, models: XmlModel[]): number {
  let at = start;
  for (;;) {
    SPACE.lastIndex = at;
    SPACE.test(text);
    at = SPACE.lastIndex;
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end < 0) return -1;
      at = end + 3;
    } else if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at + 2);
      if (end < 0) return -1;
      const body = text.slice(at + 2, end);
      if (/^xml-model\s/.test(body)) {
        const pseudo = pseudoAttributes(body.slice('xml-model'.length));
        const href = pseudo.get('href');
        if (href !== undefined) {
          models.push({
            href,
            schemaTypeNs: pseudo.get('schematypens') ?? null,
            type: pseudo.get('type') ?? null,
          });
        }
      }
      at = end + 2;
    } else {
      return at;
    }
  }
}

/** A quoted literal at `at` (after white space): its text and the index after it. */
function literal(text: string, at: number): { value: string; end: number } | null {
  SPACE.lastIndex = at;
  SPACE.test(text);
  const start = SPACE.lastIndex;
  const quote = text[start];
  if (quote !== '"' && quote !== "'") return null;
  const end = text.indexOf(quote, start + 1);
  return end < 0 ? null : { value: text.slice(start + 1, end), end: end + 1 };
}

/** The internal subset from just after `[`: its text and the index after its `]`. */
function internalSubset(text: string, start: number): { value: string; end: number } | null {
  let at = start;
  while (at < text.length) {
    const c = text[at];
    if (c === ']') return { value: text.slice(start, at), end: at + 1 };
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, at + 1);
      if (close < 0) return null;
      at = close + 1;
    } else if (text.startsWith('<!--', at)) {
      const close = text.indexOf('-->', at + 4);
      if (close < 0) return null;
      at = close + 3;
    } else if (text.startsWith('<?', at)) {
      const close = text.indexOf('?>', at + 2);
      if (close < 0) return null;
      at = close + 2;
    } else {
      at += 1;
    }
  }
  return null;
}

function parseDoctype(text: string, start: number): { doctype: DoctypeInfo; end: number } | null {
  NAME.lastIndex = start + '<!DOCTYPE'.length;
  SPACE.lastIndex = NAME.lastIndex;
  SPACE.test(text);
  NAME.lastIndex = SPACE.lastIndex;
  const name = NAME.exec(text)?.[0];
  if (name === undefined) return null;
  let at = NAME.lastIndex;
  let publicId: string | null = null;
  let systemId: string | null = null;
  SPACE.lastIndex = at;
  SPACE.test(text);
  at = SPACE.lastIndex;
  if (text.startsWith('PUBLIC', at)) {
    const pub = literal(text, at + 6);
    const sys = pub && literal(text, pub.end);
    if (!pub || !sys) return null;
    publicId = pub.value;
    systemId = sys.value;
    at = sys.end;
  } else if (text.startsWith('SYSTEM', at)) {
    const sys = literal(text, at + 6);
    if (!sys) return null;
    systemId = sys.value;
    at = sys.end;
  }
  SPACE.lastIndex = at;
  SPACE.test(text);
  at = SPACE.lastIndex;
  let subset = '';
  if (text[at] === '[') {
    const found = internalSubset(text, at + 1);
    if (!found) return null;
    subset = found.value;
    at = found.end;
  }
  const close = text.indexOf('>', at);
  if (close < 0) return null;
  return { doctype: { name, publicId, systemId, internalSubset: subset }, end: close + 1 };
}

/** The end of the start tag beginning at `start` (the index after its `>`), quotes respected. */
function startTagEnd(text: string, start: number): number {
  let at = start;
  while (at < text.length) {
    const c = text[at];
    if (c === '>') return at + 1;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, at + 1);
      if (close < 0) return -1;
      at = close + 1;
    } else at += 1;
  }
  return -1;
}

/** The head of an XML document, or null when it has no root start tag in `text`. */
export function readDocumentHead(text: string): DocumentHead | null {
  const models: XmlModel[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.startsWith('<?xml', at) && /\s/.test(text[at + 5] ?? '')) {
    const end = text.indexOf('?>', at);
    if (end < 0) return null;
    at = end + 2;
  }
  at = skipMisc(text, at, models);
  let doctype: DoctypeInfo | null = null;
  if (at >= 0 && text.startsWith('<!DOCTYPE', at)) {
    const parsed = parseDoctype(text, at);
    if (parsed === null) return null;
    doctype = parsed.doctype;
    at = skipMisc(text, parsed.end, models);
  }
  if (at < 0 || text[at] !== '<') return null;
  NAME.lastIndex = at + 1;
  const rootName = NAME.exec(text)?.[0];
  if (rootName === undefined) return null;
  const end = startTagEnd(text, NAME.lastIndex);
  if (end < 0) return null;
  const rootAttributes = pseudoAttributes(text.slice(NAME.lastIndex, end - 1));
  const colon = rootName.indexOf(':');
  const prefix = colon < 0 ? '' : rootName.slice(0, colon);
  const rootNamespace =
    rootAttributes.get(prefix === '' ? 'xmlns' : `xmlns:${prefix}`) ??
    (prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : '');
  return { models, doctype, rootName, rootNamespace, rootAttributes };
}

/** Most heads end within this: read it first, and all of HEAD_BYTES only when it does not. */
const FIRST_READ_BYTES = 16 * 1024;

/**
 * The head of the XML document at `path`, or null when it has no root start tag in 1 MiB.
 * `bytes`, when given, are the whole file already read: its head is taken from them.
 */
export function documentHeadOf(path: string, bytes?: Uint8Array): DocumentHead | null {
  const upTo = (count: number) =>
    bytes === undefined ? readHead(path, count) : bytes.subarray(0, count);
  const first = upTo(FIRST_READ_BYTES);
  const head = readDocumentHead(decodeHead(first));
  if (head !== null || first.length < FIRST_READ_BYTES) return head;
  return readDocumentHead(decodeHead(upTo(HEAD_BYTES)));
}

/** The local part of a qualified name. */
export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** A head whose first markup is a DTD declaration (or a parameter entity reference). */
export function looksLikeDtd(text: string): boolean {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // A DTD file may start with a text declaration, which looks like an XML declaration.
  if (text.startsWith('<?xml', at) && /\s/.test(text[at + 5] ?? '')) {
    const end = text.indexOf('?>', at);
    if (end < 0) return false;
    at = end + 2;
  }
  at = skipMisc(text, at, []);
  if (at < 0) return false;
  return (
    /^<!(?:ELEMENT|ATTLIST|ENTITY|NOTATION)\s/.test(text.slice(at, at + 12)) ||
    text.startsWith('<![', at) ||
    text[at] === '%'
  );
}
