/**
 * The engine is pure Node. The lint rule in biome.json enforces it; these tests prove the rule
 * fires by linting probe sources as if they lived in src/engine and src/shared.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const biome = resolve('node_modules/.bin/biome');

/** Lints `source` as if it were the file `path` of this repo, with this repo's biome.json. */
function lintAs(path: string, source: string): { code: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'xmlpool-lint-'));
  try {
    copyFileSync('biome.json', join(root, 'biome.json'));
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
    const run = spawnSync(biome, ['lint', '--vcs-enabled=false', path], {
      cwd: root,
      encoding: 'utf8',
    });
    return { code: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('architecture lint', () => {
  it('rejects an electron import in src/engine', () => {
    const { code, output } = lintAs(
      'src/engine/probe.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(code).not.toBe(0);
    expect(output).toContain('noRestrictedImports');
  });

  it('rejects a react import in src/engine', () => {
    const { code, output } = lintAs(
      'src/engine/probe.ts',
      "import { useState } from 'react';\nexport const s = useState;\n",
    );
    expect(code).not.toBe(0);
    expect(output).toContain('noRestrictedImports');
  });

  it('rejects node and engine imports in src/shared', () => {
    const { code, output } = lintAs(
      'src/shared/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    );
    expect(code).not.toBe(0);
    expect(output).toContain('noRestrictedImports');
  });

  it('accepts Node imports in src/engine', () => {
    const { code, output } = lintAs(
      'src/engine/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    );
    expect(output).not.toContain('noRestrictedImports');
    expect(code).toBe(0);
  });
});
