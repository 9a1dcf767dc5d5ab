/**
 * Peer: saxes, a streaming SAX parser in JS, one file at a time on one core.
 * Files are streamed through it in 64 KiB chunks (saxes takes strings, so the stream decodes UTF-8).
 * saxes does not read the internal DTD subset, so the entities it declares are handed to saxes
 * from the doctype event; without that it would reject every file of the corpus.
 * Usage: node bench/peers/saxes-stream.mjs FILE_LIST. Prints one JSON line with totals.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { SaxesParser } from 'saxes';

const ENTITY_DECLARATION = /<!ENTITY\s+([^\s%]+)\s+"([^"]*)"\s*>/g;

/** @param {string} file @returns {Promise<{ elements: number, error: string | null }>} */
async function scan(file) {
  const parser = new SaxesParser({ xmlns: true });
  let elements = 0;
  /** @type {string | null} */
  let error = null;
  parser.on('opentag', () => {
    elements++;
  });
  parser.on('doctype', (doctype) => {
    for (const [, name, value] of doctype.matchAll(ENTITY_DECLARATION)) {
      // Character references and the predefined entities inside the value, as a parser would expand them.
      parser.ENTITIES[name] = value
        .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
        .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
        .replace(/&amp;/g, '&');
    }
  });
  parser.on('error', (e) => {
    error ??= e.message;
  });
  for await (const chunk of createReadStream(file, {
    encoding: 'utf8',
    highWaterMark: 64 * 1024,
  })) {
    parser.write(chunk);
    if (error) break;
  }
  if (!error) parser.close();
  return { elements, error };
}

const files = readFileSync(process.argv[2] ?? '', 'utf8')
  .split('\n')
  .filter(Boolean);
let ok = 0;
let elements = 0;
/** @type {string[]} */
const failures = [];
for (const file of files) {
  const result = await scan(file);
  elements += result.elements;
  if (result.error === null) ok++;
  else failures.push(`${file}: ${result.error}`);
}
console.log(JSON.stringify({ files: files.length, ok, elements, failures: failures.slice(0, 3) }));
