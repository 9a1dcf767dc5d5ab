/**
 * What NDJSON output keeps of a document besides its records (the elements directly under the
 * root), in document order, one line each, in the notation of whole-document JSON:
 *
 * - a processing instruction before, in or after the root: `{"?target": data}`;
 * - the root element, when it has attributes: `{"root": {"@_a": "top"}}` (its name and
 *   attributes, as a whole-document conversion gives a root without content);
 * - text, CDATA and references directly in the root, between two records: `{"#text": "lead"}`
 *   (trimmed, as fast-xml-parser trims; whitespace alone is no line).
 *
 * Comments, the XML declaration and the DTD are left out, as whole-document JSON leaves them.
 * The gaps between records are cut at the records, so a gap never spans two chunks of a split
 * file: every chunk finds the same lines a whole scan does.
 */
import { markupEnd, markupKind, nameAt } from './checked-markup';

/** Where in the document a gap starts. */
export type DocumentPart = 'prolog' | 'root' | 'epilogue';

export type OutsideItem =
  /** Text, CDATA, references and comments directly in the root, up to the next markup item. */
  | { kind: 'content'; xml: string }
  /** A processing instruction (not the XML declaration). */
  | { kind: 'instruction'; xml: string }
  /** The root start tag; `prolog` is everything from the document's start through it. */
  | { kind: 'root'; prolog: string; closing: string };

export interface OutsideItems {
  items: OutsideItem[];
  /** The part of the document the gap's end lies in. */
  part: DocumentPart;
}

/** True when `text` is only whitespace and comments (the scanner has checked they are well-formed). */
export function isIgnorable(text: string): boolean {
  let i = 0;
  for (;;) {
    while (i < text.length && ' \t\r\n'.includes(text.charAt(i))) i++;
    if (i === text.length) return true;
    if (!text.startsWith('<!--', i)) return false;
    const close = text.indexOf('-->', i + 4);
    if (close < 0) return false;
    i = close + 3;
  }
}

/**
 * Splits a gap between records (`text`, starting in `part`) into the items above. A gap in the
 * prolog starts at the document's first character.
 */
export function outsideItems(text: string, part: DocumentPart): OutsideItems {
  const items: OutsideItem[] = [];
  let contentStart = -1;
  const endContent = (at: number) => {
    if (contentStart >= 0) items.push({ kind: 'content', xml: text.slice(contentStart, at) });
    contentStart = -1;
  };
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const next = lt < 0 ? text.length : lt;
    // Character data: in the root it is content; elsewhere only whitespace can occur.
    if (next > i && part === 'root' && contentStart < 0) contentStart = i;
    if (lt < 0) break;
    const kind = markupKind(text, lt);
    const end = markupEnd(text, lt);
    if (kind === 'instruction') {
      if (nameAt(text, lt + 2) !== 'xml') {
        endContent(lt);
        items.push({ kind: 'instruction', xml: text.slice(lt, end) });
      }
    } else if (kind === 'end-tag') {
      // Records are the root's only elements, so an end tag in a gap is the root's.
      endContent(lt);
      part = 'epilogue';
    } else if (kind === 'start-tag') {
      if (part !== 'prolog') {
        throw new Error(`an element outside the records at character ${lt} of a gap`);
      }
      const empty = text.charAt(end - 2) === '/';
      items.push({
        kind: 'root',
        prolog: text.slice(0, end),
        closing: empty ? '' : `</${nameAt(text, lt + 1)}>`,
      });
      part = empty ? 'epilogue' : 'root';
    } else if (part === 'root' && contentStart < 0 && kind !== 'doctype') {
      // A comment or CDATA section in the root belongs with the text around it.
      contentStart = lt;
    }
    i = end;
  }
  endContent(text.length);
  return { items, part };
}
