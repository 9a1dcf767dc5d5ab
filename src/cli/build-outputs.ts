/**
 * Where the other build outputs are, seen from the built CLI. vite.cli.config.ts puts the CLI's
 * entries and code-split chunks side by side in out/cli, so every CLI module finds the pool's
 * worker script beside itself (out/cli/worker.cjs) and the UI bundle one folder up (out/renderer).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function besideThisModule(relative: string): string {
  return fileURLToPath(new URL(relative, import.meta.url));
}

/** out/cli/worker.cjs, or null when the CLI has not been built. */
export function findWorkerScript(): string | null {
  const path = besideThisModule('./worker.cjs');
  return existsSync(path) ? path : null;
}

/** The folder holding the HTML report's script and style (out/cli), or null when not built. */
export function findReportAssetsDir(): string | null {
  const dir = besideThisModule('.');
  return existsSync(join(dir, 'report-app.js')) && existsSync(join(dir, 'report-app.css'))
    ? dir
    : null;
}

/** out/renderer, or null when the UI has not been built. */
export function findRendererDir(): string | null {
  const dir = besideThisModule('../renderer');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}
