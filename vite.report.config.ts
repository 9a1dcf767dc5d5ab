/**
 * Builds the HTML report's script and style (src/report-app) into out/cli/report-app.js and
 * out/cli/report-app.css, beside the worker script: the engine inlines both into every report
 * it writes, under a CSP that allows exactly their hashes (src/engine/html-report). One
 * self-contained, minified IIFE: a report has no other file to load and no network.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { VERSION_DEFINE } from './vite.cli.config.ts';

export default defineConfig({
  define: VERSION_DEFINE,
  build: {
    outDir: 'out/cli',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    cssCodeSplit: false,
    lib: {
      entry: resolve(import.meta.dirname, 'src/report-app/main.ts'),
      formats: ['iife'],
      name: 'xmlpoolReport',
      fileName: () => 'report-app.js',
      cssFileName: 'report-app',
    },
  },
});
