/**
 * Expands references to entities declared in the DTD before text goes to fast-xml-parser, which
 * leaves most of them as written (it skips any whose value holds `&` or markup, and a record
 * parsed on its own has no DTD at all). The replacement text is put in place of the reference and
 * parsed as XML, as the XML spec says; predefined entities and character references are left to
 * fast-xml-parser. CDATA sections are kept verbatim.
 */
import type { ScanLimits } from '../../shared/tasks';

const REFERENCE_OR_CDATA = /<!\[CDATA\[[\s\S]*?\]\]>|&([^\s&;#<>"']+);/g;

/** Deeper nesting than this means a cycle the scanner would have rejected; stop rather than loop. */
const MAX_NESTING = 64;

export type EntityExpander = (text: string) => string;

export function entityExpander(
  entities: readonly (readonly [string, string])[],
  limits: Pick<ScanLimits, 'maxEntityExpansions' | 'maxEntityExpandedChars'>,
): EntityExpander {
  const table = new Map(entities);
  if (table.size === 0) return (text) => text;
  return (text) => {
    let expansions = 0;
    let produced = 0;
    const expand = (value: string, depth: number): string =>
      value.replace(REFERENCE_OR_CDATA, (whole: string, name: string | undefined) => {
        if (name === undefined) return whole;
        const replacement = table.get(name);
        if (replacement === undefined) return whole;
        expansions++;
        if (depth >= MAX_NESTING || expansions > limits.maxEntityExpansions) {
          throw new Error(`entity expansion limit reached at &${name};`);
        }
        const expanded = expand(replacement, depth + 1);
        produced += expanded.length;
        if (produced > limits.maxEntityExpandedChars) {
          throw new Error(
            `entity expansion produced more than ${limits.maxEntityExpandedChars} characters`,
          );
        }
        return expanded;
      });
    return expand(text, 0);
  };
}
