/** `xmlpool serve`: filled in by the desktop-app issue. */
export async function serveCommand(_argv: string[]): Promise<number> {
  process.stderr.write('xmlpool serve: not available yet\n');
  return 2;
}
