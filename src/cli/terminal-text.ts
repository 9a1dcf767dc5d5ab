/**
 * Text for a terminal: control characters (C0, DEL, C1) are shown as `\xNN` escapes, so a file
 * or worker name cannot move the cursor, change colours or retitle the window. (A minimal
 * version; the ux13 branch owns the full one, with the same name and signature.)
 */
export function forTerminal(text: string): string {
  return text.replace(
    /\p{Cc}/gu,
    (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
