/**
 * The row tag as a split finds it in the bytes. A split searches for `<name` as written, and
 * starts and stops chunks only at such start tags (run-chunk.ts, the scanner's StopAt). With
 * `--ns` the user's prefix need not be the document's: `--row-tag q:rec --ns q=urn:B` matches
 * `<rec>` under `xmlns="urn:B"`, or `<b:rec>` under `xmlns:b="urn:B"`. The name to search for is
 * the one the root's namespace declarations give the record: with the user's prefix when the
 * root binds it to that URI too, else the default namespace, else the first in alphabetical
 * order of the prefixes bound to it (an order every run sees alike).
 * Any of them gives a correct split, since records written otherwise simply stay inside chunks;
 * the choice only has to be the same in every run. When the root binds no prefix to the URI (the
 * records declare it themselves), no written name can be trusted, and the file is not split.
 *
 * The same rule as extract's row-tag test (rowTagTest): only a prefixed row tag whose prefix is
 * given with `--ns` is matched by namespace; any other is matched as written.
 */
import type { NamespaceUse } from '../../shared/results';
import type { NamespaceBinding } from '../../shared/tasks';

export function literalRowTag(
  rowTag: string,
  bindings: readonly NamespaceBinding[],
  rootScope: readonly NamespaceUse[],
): string | null {
  const colon = rowTag.indexOf(':');
  const bound =
    colon < 0 ? undefined : bindings.find((binding) => binding.prefix === rowTag.slice(0, colon));
  if (bound === undefined) return rowTag;
  // Later declarations shadow earlier ones of the same prefix.
  const inScope = new Map<string, string>();
  for (const { prefix, uri } of rootScope) inScope.set(prefix, uri);
  const prefixes = [...inScope].filter(([, uri]) => uri === bound.uri).map(([prefix]) => prefix);
  const prefix = prefixes.includes(bound.prefix)
    ? bound.prefix
    : prefixes.includes('')
      ? ''
      : prefixes.sort()[0];
  if (prefix === undefined) return null;
  const local = rowTag.slice(colon + 1);
  return prefix === '' ? local : `${prefix}:${local}`;
}
