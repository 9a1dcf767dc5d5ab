/**
 * Text from outside (file names, error messages quoting a document, source lines) is shown on a
 * terminal only through `forTerminal`. A terminal obeys control characters in whatever it is
 * sent: a file named `\x1b]0;pwned\x07.xml` would retitle the window, `\x1b[2J` clear the screen,
 * and a newline in a name would break the live display's in-place redraw or forge a line of the
 * report. Bidi overrides reorder what follows them, so `evil\u202Elmx.exe` reads as `evilexe.xml`.
 *
 * Each such character is replaced by a visible escape (`\n`, `\x1b`, `\u202e`): the name stays
 * recognisable and cannot drive the terminal. Everything else, tab aside, passes unchanged.
 */

/**
 * C0 controls (tab included: it moves the cursor and breaks column alignment), DEL, C1 controls
 * (some terminals take U+009B as CSI), the bidi embeddings, overrides and isolates, the implicit
 * direction marks, and the Unicode line and paragraph separators.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeControl(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function forTerminal(text: string): string {
  return text.replace(UNSAFE, escapeControl);
}
