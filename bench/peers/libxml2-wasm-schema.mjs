/**
 * Peer: libxml2-wasm alone, the ceiling of xmlpool's XSD rows. One process, one thread: the
 * schema is compiled once, then each file is read whole, parsed with the options xmlpool uses
 * (entities substituted, no external entity, big line numbers), validated and freed. Nothing of
 * xmlpool runs: no scanner, no pool, no error collection. The ratio of this row to
 * `xmllint --schema` is what the WebAssembly build itself gives on this machine; xmlpool's
 * 1-worker row can only come under it.
 * Usage: node bench/peers/libxml2-wasm-schema.mjs SCHEMA FILE_LIST. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import {
  xmlFreeDoc,
  xmlFreeParserCtxt,
  xmlNewParserCtxt,
  xmlReadMemory,
  xmlRegisterInputProvider,
  xmlSchemaFreeValidCtxt,
  xmlSchemaNewDocParserCtxt,
  xmlSchemaNewValidCtxt,
  xmlSchemaParse,
  xmlSchemaValidateDoc,
} from 'libxml2-wasm/lib/libxml2.mjs';
import { fsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';

// libxml2's xmlParserOption bits, as in src/engine/schema/libxml2.ts.
const NOENT = 1 << 1;
const BIG_LINES = 1 << 22;
const NO_XXE = 1 << 23;

/** @param {Uint8Array} bytes @param {string} url @param {number} options */
function parse(bytes, url, options) {
  const ctxt = xmlNewParserCtxt();
  try {
    return xmlReadMemory(ctxt, bytes, url, null, options);
  } finally {
    xmlFreeParserCtxt(ctxt);
  }
}

const [schemaPath = '', listPath = ''] = process.argv.slice(2);
// The schema imports its sibling schemas from disk.
xmlRegisterInputProvider(fsInputProviders);
const schemaDoc = parse(readFileSync(schemaPath), schemaPath, 0);
const schema = xmlSchemaParse(xmlSchemaNewDocParserCtxt(schemaDoc));
if (schemaDoc === 0 || schema === 0) {
  console.log(JSON.stringify({ files: 0, ok: 0, failures: [`${schemaPath}: does not compile`] }));
  process.exit(1);
}

const files = readFileSync(listPath, 'utf8').split('\n').filter(Boolean);
let ok = 0;
/** @type {string[]} */
const failures = [];
for (const file of files) {
  const doc = parse(readFileSync(file), file, NOENT | NO_XXE | BIG_LINES);
  if (doc === 0) {
    failures.push(`${file}: not well-formed`);
    continue;
  }
  const validator = xmlSchemaNewValidCtxt(schema);
  const valid = xmlSchemaValidateDoc(validator, doc) === 0;
  xmlSchemaFreeValidCtxt(validator);
  xmlFreeDoc(doc);
  if (valid) ok++;
  else failures.push(`${file}: invalid`);
}
console.log(JSON.stringify({ files: files.length, ok, failures: failures.slice(0, 3) }));
