import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from './src/main/renderer-policy';

const { version, optionalDependencies } = JSON.parse(
  readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8'),
) as {
  version: string;
  optionalDependencies: { electron: string };
};
const define = { __XMLPOOL_VERSION__: JSON.stringify(version) };

// Electron is an optional dependency that npm installs on Node 22.12 and later only (see
// types/electron-fallback.d.ts). electron-vite reads the Electron version from its package to
// pick the build target; where the package is absent, it takes the major we depend on.
if (!existsSync(resolve(import.meta.dirname, 'node_modules/electron/package.json'))) {
  process.env.ELECTRON_MAJOR_VER ??= /\d+/.exec(optionalDependencies.electron)?.[0] ?? '';
}

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
