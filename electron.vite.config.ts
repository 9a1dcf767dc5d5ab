import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const { version } = JSON.parse(
  readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8'),
) as {
  version: string;
};
const define = { __XMLPOOL_VERSION__: JSON.stringify(version) };

export default defineConfig({
  main: {
    define,
    build: { outDir: 'out/main' },
  },
  preload: {
    define,
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules: emit one CommonJS file.
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    define,
    root: 'src/renderer',
    plugins: [react()],
    build: { outDir: 'out/renderer' },
  },
});
