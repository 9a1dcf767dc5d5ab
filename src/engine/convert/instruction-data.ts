/**
 * Processing instructions keep their data. fast-xml-parser reads a PI's data as pseudo-attributes
 * (`<?xml-stylesheet href="a.css"?>` gives `{"@_href": "a.css"}`) and drops any other data
 * (`<?pi some data?>` gives `""`). Where it keeps the data we leave it alone; elsewhere the data
 * becomes the PI's value, trimmed like text: `{"?pi": "some data"}`.
 *
 * fast-xml-parser has no hook for this, so before a parse each such PI is rewritten to carry
 * only a marker attribute naming its data by number, and after the parse the markers are
 * replaced by the data. Text with no PI (nearly all) is neither rewritten nor walked.
 */
import { markupEnd, markupKind, nameAt } from './checked-markup';

/** The marker attribute; its value is the PI's index in KeptInstructions.data. */
export const INSTRUCTION_MARKER = 'xmlpool-pi';

export interface KeptInstructions {
  xml: string;
  /** The data of each rewritten PI, by marker number. */
  data: string[];
}

/**
 * Data fast-xml-parser keeps whole: only `name="value"` pairs with distinct names (its own
 * attribute pattern, applied to the whole data), or nothing at all.
 */
const PSEUDO_ATTRIBUTE = /\s*([^\s=]+)\s*=\s*(?:"[^"]*"|'[^']*')/y;

export function keptByParser(data: string): boolean {
  const names = new Set<string>();
  PSEUDO_ATTRIBUTE.lastIndex = 0;
  let end = 0;
  for (let match = PSEUDO_ATTRIBUTE.exec(data); match; match = PSEUDO_ATTRIBUTE.exec(data)) {
    const name = match[1] ?? '';
    if (names.has(name)) return false;
    names.add(name);
    end = PSEUDO_ATTRIBUTE.lastIndex;
  }
  return data.slice(end).trim() === '';
}

/** Where to look for PIs: after an XML declaration at the very start, which is never one. */
function searchStart(xml: string): number {
  const start = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  return xml.startsWith('<?xml', start) && ' \t\r\n'.includes(xml.charAt(start + 5))
    ? markupEnd(xml, start)
    : 0;
}

/** Rewrites the PIs of `xml` whose data fast-xml-parser would drop. */
export function markInstructionData(xml: string): KeptInstructions {
  const data: string[] = [];
  const start = searchStart(xml);
  if (xml.indexOf('<?', start) < 0) return { xml, data };
  // A `<?` may also sit in a comment or a CDATA section: walk the markup to tell.
  let out = '';
  let copied = 0;
  let i = xml.indexOf('<', start);
  while (i >= 0) {
    const kind = markupKind(xml, i);
    if (kind === 'start-tag' || kind === 'end-tag') {
      // No `<` can occur inside a tag, so the next one starts the next piece of markup.
      i = xml.indexOf('<', i + 1);
      continue;
    }
    const end = markupEnd(xml, i);
    if (kind === 'instruction') {
      const target = nameAt(xml, i + 2);
      const text = xml.slice(i + 2 + target.length, end - 2);
      if (target !== 'xml' && !keptByParser(text)) {
        out += `${xml.slice(copied, i)}<?${target} ${INSTRUCTION_MARKER}="${data.length}"?>`;
        data.push(text.trim());
        copied = end;
      }
    }
    i = xml.indexOf('<', end);
  }
  return data.length === 0 ? { xml, data } : { xml: out + xml.slice(copied), data };
}

/** True when `value` is a marker object: `{ "<prefix>xmlpool-pi": n }`. */
function markerIndex(value: unknown, markerKey: string): number | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== markerKey) return null;
  const index = Number(Reflect.get(value, markerKey));
  return Number.isInteger(index) ? index : null;
}

/**
 * Puts the data back in place of the markers in a parse of `markInstructionData`'s text.
 * `markerKey` is the marker attribute's key: the attribute prefix and INSTRUCTION_MARKER.
 */
export function restoreInstructionData(
  value: unknown,
  data: readonly string[],
  markerKey: string,
): unknown {
  if (data.length === 0) return value;
  const restore = (found: unknown): unknown => {
    const index = markerIndex(found, markerKey);
    return index === null ? found : (data[index] ?? found);
  };
  // An explicit stack: documents nest as deep as --max-depth allows.
  const pending: unknown[] = [value];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      // One by one: a spread of a million records would overflow the call stack.
      for (const item of node) pending.push(item);
      continue;
    }
    for (const [key, member] of Object.entries(node)) {
      if (!key.startsWith('?')) {
        pending.push(member);
        continue;
      }
      Reflect.set(node, key, Array.isArray(member) ? member.map(restore) : restore(member));
    }
  }
  return value;
}
