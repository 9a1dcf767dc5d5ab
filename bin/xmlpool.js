#!/usr/bin/env node
// The `xmlpool` executable: runs the CLI built into out/cli by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('xmlpool: out/cli/index.js is missing; run `npm run build` first.');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
