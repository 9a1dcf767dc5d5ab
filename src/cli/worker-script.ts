/**
 * Where the pool's worker script is: out/cli/worker.js, built beside the CLI entry (index.js).
 * Code-split chunks of the CLI (this module among them) may land in out/cli/assets/, so the
 * folder of this module and its parent are both tried.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function findWorkerScript(): string | null {
  const candidates = [
    new URL('./worker.js', import.meta.url),
    new URL('../worker.js', import.meta.url),
  ].map((url) => fileURLToPath(url));
  return candidates.find((path) => existsSync(path)) ?? null;
}
