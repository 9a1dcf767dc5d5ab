/**
 * Groups error messages that differ only in their particulars (names, quoted values, numbers,
 * paths), so a report can say "312 files: </…> does not close <…> opened at N:N" instead of
 * listing 312 different lines.
 */
export function errorGroupKey(message: string): string {
  return (
    message
      // Absolute paths (POSIX or Windows), up to whitespace or a colon that ends them.
      .replace(/(?:[A-Za-z]:)?[\\/](?:[^\s:\\/]+[\\/])+[^\s:]*/g, '…')
      // Element names in tags: <book>, </book>, <ns:item/>.
      .replace(/<(\/?)[^\s<>/]+(\/?)>/g, '<$1…$2>')
      // Quoted names and values.
      .replace(/'[^']*'/g, "'…'")
      .replace(/"[^"]*"/g, '"…"')
      .replace(/\b0x[0-9A-Fa-f]+\b/g, '0xN')
      .replace(/U\+[0-9A-Fa-f]+/g, 'U+N')
      .replace(/\d+(?:[.,]\d+)*/g, 'N')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
