/**
 * "Group by error": the distinct problems across a job's results, each with how many files and
 * errors have it. With thousands of invalid files this is how a user sees what is wrong.
 *
 * One message per problem, whatever the instance: what varies from file to file (values, IDs,
 * numbers, namespace URIs) is normalised away, what names the problem (element, attribute and
 * type names, facets) is kept. `errorGroup` is the one normalisation the UI, the CSV report and
 * any later report share.
 */
import type { ErrorKind, FileResult, XmlError } from './results';

export interface ErrorGroup {
  /** The normalised message, prefixed with the kind: what errors of the group share. */
  key: string;
  kind: ErrorKind;
  /** The normalised message alone, for display. */
  message: string;
  /** Files with at least one error of the group. */
  files: number;
  /** Errors of the group, over all files (as listed: up to --max-errors per file). */
  errors: number;
}

const ELLIPSIS = '…';

/** Rules applied in order; each replaces what varies between instances of one problem. */
const NORMALISATIONS: [RegExp, string][] = [
  // {urn:x}name → name: the namespace URI is the same for every instance, and long. Only before
  // a name, and not a quantifier ({3}, {2,5}).
  [/\{(?!\d*(?:,\d*)?\})[^{}\s'"]*\}(?=[\p{L}_])/gu, ''],
  // Values of the instance, in libxml2's messages.
  [/'[^']*' is not a valid value/g, `'${ELLIPSIS}' is not a valid value`],
  [/\bThe value '[^']*'/g, `The value '${ELLIPSIS}'`],
  [/\bvalue '[^']*'/g, `value '${ELLIPSIS}'`],
  [/\[\s*'[^\]]*'\s*\]/g, `['${ELLIPSIS}']`],
  [/\bID \S+ already defined/g, `ID ${ELLIPSIS} already defined`],
  [/(references an unknown ID) "[^"]*"/g, `$1 "${ELLIPSIS}"`],
  [/\bValue "[^"]*"/g, `Value "${ELLIPSIS}"`],
  [/, got \(.*\)$/g, `, got (${ELLIPSIS})`],
  [/(Character content other than whitespace is not allowed)[^.]*/g, '$1'],
  // Numbers left (positions, counts, lengths) become #.
  [/\b\d+(?:\.\d+)?\b/g, '#'],
];

/**
 * Parts the schema fixes, kept as written: a pattern facet's expression and an enumeration's
 * values are the same in every instance, and the rules above would rewrite their braces,
 * quotes and digits into another pattern or set.
 */
const FIXED_PARTS = /(?<=\bby the pattern ').*(?='\.?$)|(?<=\bof the set )\{.*\}/gs;
/** Stands for the i-th fixed part while the rules run: a private-use character and a letter. */
const HOLD = '\uE000';

/** The normalised message of an error: equal for every instance of the same problem. */
export function normaliseMessage(message: string): string {
  const fixed: string[] = [];
  let text = message.replace(FIXED_PARTS, (part) => {
    fixed.push(part);
    return `${HOLD}${String.fromCharCode(65 + fixed.length - 1)}`;
  });
  for (const [pattern, replacement] of NORMALISATIONS) text = text.replace(pattern, replacement);
  text = text.replace(
    /\uE000([A-Z])/g,
    (_, letter: string) => fixed[letter.charCodeAt(0) - 65] ?? '',
  );
  return text.replace(/\s+/g, ' ').trim();
}

/** The group an error belongs to. */
export function errorGroupKey(error: Pick<XmlError, 'kind' | 'message'>): string {
  return `${error.kind}: ${normaliseMessage(error.message)}`;
}

/** Every group, most widespread first (by files, then errors, then key). */
export function groupErrors(results: Iterable<FileResult>): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  for (const result of results) {
    const inFile = new Set<string>();
    for (const error of result.errors) {
      const key = errorGroupKey(error);
      let group = groups.get(key);
      if (group === undefined) {
        group = {
          key,
          kind: error.kind,
          message: normaliseMessage(error.message),
          files: 0,
          errors: 0,
        };
        groups.set(key, group);
      }
      group.errors += 1;
      if (!inFile.has(key)) {
        inFile.add(key);
        group.files += 1;
      }
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.files - a.files || b.errors - a.errors || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Whether a result has an error of the group. */
export function hasErrorGroup(result: FileResult, key: string): boolean {
  return result.errors.some((error) => errorGroupKey(error) === key);
}
