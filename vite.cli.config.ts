/**
 * Builds the headless side: the CLI (`xmlpool run`, `xmlpool serve`) and the pool's worker
 * script, as Node ES modules in out/cli. Dependencies stay external (they are in node_modules).
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};

export default defineConfig({
  define: { __XMLPOOL_VERSION__: JSON.stringify(pkg.version) },
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'src/cli/index.ts'),
        worker: resolve(import.meta.dirname, 'src/engine/pool/worker-entry.ts'),
      },
      external: [
        ...builtinModules,
        ...builtinModules.map((m) => `node:${m}`),
        ...Object.keys(pkg.dependencies ?? {}),
      ],
      // Chunks beside the entries, so every CLI module finds worker.js and ../renderer at the same
      // relative place (src/cli/build-outputs.ts).
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
