/**
 * Builds the CLI and the pool's worker script once before the unit tests, into a folder of this
 * run's own (so parallel runs never read each other's half-written files). Tests that start real
 * workers get its path with `inject('workerScript')` and run the same JavaScript that ships.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the built pool worker script; the report's assets are beside it. */
    workerScript: string;
    /** Absolute path of the built CLI entry (exports `main(argv)`). */
    cliEntry: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // Inside the repo so the bundle's bare imports (fast-xml-parser, ws) resolve to node_modules.
  const cache = resolve('node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const buildDir = mkdtempSync(join(cache, 'test-build-'));
  // The layout of out/: the CLI finds the UI beside its own folder (src/cli/build-outputs.ts).
  // `xmlpool serve` needs one to start; its tests need no more than a page.
  const outDir = join(buildDir, 'cli');
  mkdirSync(join(buildDir, 'renderer'));
  writeFileSync(join(buildDir, 'renderer', 'index.html'), '<!doctype html><title>xmlpool</title>');
  await build({ configFile: 'vite.cli.config.ts', logLevel: 'warn', build: { outDir } });
  await build({ configFile: 'vite.worker.config.ts', logLevel: 'warn', build: { outDir } });
  // The HTML report's script and style, beside the worker script as in out/cli.
  await build({ configFile: 'vite.report.config.ts', logLevel: 'warn', build: { outDir } });
  project.provide('workerScript', join(outDir, 'worker.cjs'));
  project.provide('cliEntry', join(outDir, 'index.js'));
  return () => rmSync(buildDir, { recursive: true, force: true });
}
