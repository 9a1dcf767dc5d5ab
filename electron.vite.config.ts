import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from './src/main/renderer-policy';

const { version } = JSON.parse(
  readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8'),
) as {
  version: string;
};
const define = { __XMLPOOL_VERSION__: JSON.stringify(version) };

/** Dev server only: the page's CSP meta tag gets the dev policy (see src/main/renderer-policy). */
const devContentSecurityPolicy: Plugin = {
  name: 'xmlpool:dev-content-security-policy',
  apply: 'serve',
  transformIndexHtml(html) {
    if (!html.includes(CONTENT_SECURITY_POLICY)) {
      throw new Error('src/renderer/index.html no longer carries the CSP of renderer-policy.ts');
    }
    return html.replace(CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY);
  },
};

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
    plugins: [react(), devContentSecurityPolicy],
    // Minified: parse time on load matters more than readable output (source stays in src/).
    build: { outDir: 'out/renderer', minify: true },
  },
});
