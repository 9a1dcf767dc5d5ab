/**
 * Peer: fast-xml-parser's XMLValidator.validate, one file at a time on one core.
 * It needs each document as one string, so it cannot take files beyond V8's string limit.
 * Usage: node bench/peers/fxp-validate.mjs FILE_LIST. Prints one JSON line with totals.
 */
import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';

const files = readFileSync(process.argv[2] ?? '', 'utf8')
  .split('\n')
  .filter(Boolean);
let ok = 0;
/** @type {string[]} */
const failures = [];
for (const file of files) {
  const verdict = XMLValidator.validate(readFileSync(file, 'utf8'));
  if (verdict === true) ok++;
  else failures.push(`${file}: ${verdict.err.line}:${verdict.err.col} ${verdict.err.msg}`);
}
console.log(JSON.stringify({ files: files.length, ok, failures: failures.slice(0, 3) }));
