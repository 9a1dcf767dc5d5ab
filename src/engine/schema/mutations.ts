/**
 * Mutations of a valid document, line by line, for the agreement suite with xmllint: delete,
 * duplicate or rename an element, swap it with the next line, drop an attribute, give it a bad
 * value, add an unknown one, change or empty an element's text, put text where only elements may
 * be. Most results are invalid in one way; some stay valid (a repeatable element duplicated).
 * Deterministic: the same document always gives the same mutations in the same order.
 */

export interface Mutation {
  /** What was done, e.g. "line 4: drop @id". */
  label: string;
  document: string;
}

/** A line holding one complete element: `<a …>…</a>` or `<a …/>`, with its indentation. */
const COMPLETE = /^(\s*)<([\w:.-]+)((?:\s+[\w:.-]+="[^"]*")*)\s*(?:\/>|>(.*)<\/\2>)\s*$/;
const ATTRIBUTE = /\s+([\w:.-]+)="([^"]*)"/g;
const SIMPLE_TEXT = /^(\s*<([\w:.-]+)[^>]*>)([^<]*)(<\/\2>\s*)$/;

function replaceLine(lines: readonly string[], index: number, replacement: string[]): string {
  return [...lines.slice(0, index), ...replacement, ...lines.slice(index + 1)].join('\n');
}

function mutationsOfLine(lines: readonly string[], index: number): Mutation[] {
  const line = lines[index] ?? '';
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('<?') || trimmed.startsWith('<!') || trimmed === ']>') {
    return [];
  }
  const at = `line ${index + 1}`;
  const out: Mutation[] = [];
  const complete = COMPLETE.exec(line);
  if (complete) {
    const name = complete[2] ?? '';
    out.push({ label: `${at}: delete <${name}>`, document: replaceLine(lines, index, []) });
    out.push({
      label: `${at}: duplicate <${name}>`,
      document: replaceLine(lines, index, [line, line]),
    });
    const renamed = line.replace(`<${name}`, `<${name}X`).replace(`</${name}>`, `</${name}X>`);
    out.push({ label: `${at}: rename <${name}>`, document: replaceLine(lines, index, [renamed]) });
    const next = lines[index + 1];
    if (next !== undefined && COMPLETE.test(next)) {
      out.push({
        label: `${at}: swap with the next line`,
        document: replaceLine(lines, index, [next, line])
          .split('\n')
          .filter((_, i) => i !== index + 2)
          .join('\n'),
      });
    }
    out.push({
      label: `${at}: stray text before <${name}>`,
      document: replaceLine(lines, index, [`${complete[1] ?? ''}stray${trimmed}`]),
    });
  }
  for (const match of line.matchAll(ATTRIBUTE)) {
    const [whole, attribute] = match;
    if (attribute === undefined || attribute.startsWith('xmlns')) continue;
    out.push({
      label: `${at}: drop @${attribute}`,
      document: replaceLine(lines, index, [line.replace(whole, '')]),
    });
    out.push({
      label: `${at}: @${attribute}="?bad value?"`,
      document: replaceLine(lines, index, [line.replace(whole, ` ${attribute}="?bad value?"`)]),
    });
  }
  const firstTag = /<([\w:.-]+)/.exec(line);
  if (firstTag && !line.trimStart().startsWith('</')) {
    out.push({
      label: `${at}: add @zz`,
      document: replaceLine(lines, index, [line.replace(firstTag[0], `${firstTag[0]} zz="1"`)]),
    });
  }
  const text = SIMPLE_TEXT.exec(line);
  if (text) {
    for (const value of ['abc', '', '-5', '99999999999999999999']) {
      if (value === text[3]) continue;
      out.push({
        label: `${at}: text "${value}"`,
        document: replaceLine(lines, index, [`${text[1]}${value}${text[4]}`]),
      });
    }
  }
  return out;
}

/** Every mutation of the document, then every `stride`-th kept so the suite stays small. */
export function mutate(document: string, max: number): Mutation[] {
  const lines = document.split('\n');
  const all = lines.flatMap((_, index) => mutationsOfLine(lines, index));
  const unique = [...new Map(all.map((mutation) => [mutation.document, mutation])).values()].filter(
    (mutation) => mutation.document !== document,
  );
  if (unique.length <= max) return unique;
  const stride = unique.length / max;
  return Array.from({ length: max }, (_, i) => unique[Math.floor(i * stride)]).filter(
    (mutation): mutation is Mutation => mutation !== undefined,
  );
}
