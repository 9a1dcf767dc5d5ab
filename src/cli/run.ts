/** `xmlpool run`: filled in by the pool issue. */
export async function runCommand(_argv: string[]): Promise<number> {
  process.stderr.write('xmlpool run: not available yet\n');
  return 2;
}
