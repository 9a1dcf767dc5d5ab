/**
 * Globs of the form `*.xml`: the default include and by far the most common one. They are
 * matched here by the name's ending, so a folder walk with them does not load picomatch, which
 * takes ~9 ms of every start-up (measured on the benchmark machine, on an empty run of 0.17 s).
 * Any other glob goes to picomatch. suffix-glob.test.ts holds this matcher to picomatch's own
 * answers (with `dot: true`, as expand.ts calls it) on generated names of every kind.
 */

/** `*` then a plain suffix: letters, digits, `.`, `_` and `-` only, nothing picomatch reads. */
const SUFFIX_GLOB = /^\*([A-Za-z0-9._-]+)$/;

/** The suffix a glob stands for, or null when the glob needs picomatch. */
export function suffixOfGlob(glob: string): string | null {
  return SUFFIX_GLOB.exec(glob)?.[1] ?? null;
}

/** A base-name matcher when every glob is a suffix glob; null when any needs picomatch. */
export function suffixMatcher(globs: readonly string[]): ((name: string) => boolean) | null {
  const suffixes: string[] = [];
  for (const glob of globs) {
    const suffix = suffixOfGlob(glob);
    if (suffix === null) return null;
    suffixes.push(suffix);
  }
  // picomatch's `*` matches any run of characters but `/`, except that the name must not be
  // `.` or `..` (it also refuses a leading line terminator: expand.ts replaces those first).
  return (name) =>
    name !== '.' &&
    name !== '..' &&
    !name.includes('/') &&
    suffixes.some((suffix) => name.endsWith(suffix));
}
