/**
 * Builds the headless side, the CLI (`xmlpool run`, `xmlpool serve`), as Node ES modules in
 * out/cli. The pool's worker script is built beside it by vite.worker.config.ts. Dependencies
 * stay external (they are in node_modules).
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};

/**
 * What both Node builds leave to Node: its built-in modules and the package's dependencies,
 * with their subpaths (libxml2-wasm is imported as libxml2-wasm/lib/libxml2.mjs).
 */
export const NODE_EXTERNALS: (string | RegExp)[] = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.dependencies ?? {}).map(
    (name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`),
  ),
];

export const VERSION_DEFINE = { __XMLPOOL_VERSION__: JSON.stringify(pkg.version) };

export default defineConfig({
  define: VERSION_DEFINE,
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: { index: resolve(import.meta.dirname, 'src/cli/index.ts') },
      external: NODE_EXTERNALS,
      // Chunks beside the entries, so every CLI module finds worker.cjs and ../renderer at the
      // same relative place (src/cli/build-outputs.ts).
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
