/**
 * Text for a terminal: control characters in a file name or in document text (an escape
 * sequence in a libxml2 message quoting a value, a newline in a path) are shown escaped, never
 * sent to the terminal as they are. A minimal version; the ux13 branch owns the full one.
 */
export function forTerminal(text: string): string {
  // C0 and C1 controls and DEL (Unicode's Cc), but not the tab.
  return text.replace(/\p{Cc}/gu, (char) => {
    if (char === '\t') return char;
    const code = char.charCodeAt(0);
    return code === 0x0a ? '\\n' : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
