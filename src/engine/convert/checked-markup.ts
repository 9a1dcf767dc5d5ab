/**
 * Walking XML text that our scanner has already found well-formed, as convert does before
 * handing pieces to fast-xml-parser: where each piece of markup ends. Well-formedness is a given
 * here, so the rules are few (a `>` in a quoted value or a DTD declaration is not the end).
 */

/** What `<` at a position starts. */
export type MarkupKind = 'comment' | 'cdata' | 'instruction' | 'doctype' | 'end-tag' | 'start-tag';

export function markupKind(text: string, i: number): MarkupKind {
  if (text.startsWith('<!--', i)) return 'comment';
  if (text.startsWith('<![CDATA[', i)) return 'cdata';
  if (text.startsWith('<?', i)) return 'instruction';
  if (text.startsWith('<!', i)) return 'doctype';
  if (text.startsWith('</', i)) return 'end-tag';
  return 'start-tag';
}

function after(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  if (at < 0) throw new Error(`unterminated markup: no ${close} after offset ${from}`);
  return at + close.length;
}

/** Just past the quoted string whose opening quote is at `i`. */
function afterQuoted(text: string, i: number): number {
  return after(text, text.charAt(i), i + 1);
}

/** Just past the markup starting with the `<` at `i`. */
export function markupEnd(text: string, i: number): number {
  switch (markupKind(text, i)) {
    case 'comment':
      return after(text, '-->', i + 4);
    case 'cdata':
      return after(text, ']]>', i + 9);
    case 'instruction':
      return after(text, '?>', i + 2);
    case 'doctype':
      return doctypeEnd(text, i);
    default:
      return tagEnd(text, i);
  }
}

/** A start or end tag: its attribute values may hold `>`. */
function tagEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charAt(j);
    if (c === '>') return j + 1;
    j = c === '"' || c === "'" ? afterQuoted(text, j) : j + 1;
  }
  throw new Error(`unterminated tag at offset ${i}`);
}

/** The DOCTYPE: its internal subset holds declarations, comments and instructions with `>`. */
function doctypeEnd(text: string, i: number): number {
  let inSubset = false;
  let j = i + 2;
  while (j < text.length) {
    const c = text.charAt(j);
    if (c === '"' || c === "'") j = afterQuoted(text, j);
    else if (text.startsWith('<!--', j)) j = after(text, '-->', j + 4);
    else if (text.startsWith('<?', j)) j = after(text, '?>', j + 2);
    else if (c === '[') {
      inSubset = true;
      j++;
    } else if (c === ']') {
      inSubset = false;
      j++;
    } else if (c === '>' && !inSubset) return j + 1;
    else j++;
  }
  throw new Error(`unterminated DOCTYPE at offset ${i}`);
}

/** The name of a tag or processing instruction whose `<` (or `<?`, `</`) ends at `from`. */
export function nameAt(text: string, from: number): string {
  let j = from;
  while (j < text.length && !' \t\r\n/>?'.includes(text.charAt(j))) j++;
  return text.slice(from, j);
}
