/**
 * The security lint (scripts/security-lint.mjs) must fail on insecure Electron code and accept
 * a finding only with an inline justification. It runs the real electronegativity on samples.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = resolve('scripts/security-lint.mjs');
let dir: string;

const page = `<!doctype html>
<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; object-src 'none'" /></head>
<body></body></html>
`;

/** A main process that is hardened except for the web preferences given. */
function mainProcess(webPreferences: string): string {
  return `const { app, BrowserWindow, session } = require('electron');
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_c, _p, callback) => callback(false));
  const window = new BrowserWindow({
    webPreferences: {
      disableBlinkFeatures: 'Auxclick',
${webPreferences}
    },
  });
  window.loadFile('index.html');
});
`;
}

function lint(webPreferences: string): { code: number | null; output: string } {
  writeFileSync(join(dir, 'index.html'), page);
  writeFileSync(join(dir, 'main.js'), mainProcess(webPreferences));
  const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-security-lint-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const CONTEXT_ISOLATION_OFF = '      contextIsolation: false,';
const SANDBOX_OFF = '      sandbox: false,';
const NODE_ON = '      nodeIntegration: true,';
const justify = (check: string, reason: string): string =>
  `      // electronegativity-justified: ${check} ${reason}`;

describe('security lint', () => {
  it('fails on a window with Node integration, no sandbox and no context isolation', () => {
    const { code, output } = lint([CONTEXT_ISOLATION_OFF, SANDBOX_OFF, NODE_ON].join('\n'));
    expect(output).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(output).toContain('SANDBOX_JS_CHECK');
    expect(code).toBe(1);
  });

  it('still fails when a justification names no reason', () => {
    const { code, output } = lint(
      [
        justify('CONTEXT_ISOLATION_JS_CHECK', 'a sample that never loads remote content'),
        CONTEXT_ISOLATION_OFF,
        justify('SANDBOX_JS_CHECK', ''),
        SANDBOX_OFF,
        NODE_ON,
      ].join('\n'),
    );
    expect(output).not.toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(output).toContain('SANDBOX_JS_CHECK');
    expect(code).toBe(1);
  });

  it('passes when every finding is justified inline', () => {
    const { code, output } = lint(
      [
        justify('CONTEXT_ISOLATION_JS_CHECK', 'a sample that never loads remote content'),
        CONTEXT_ISOLATION_OFF,
        `${SANDBOX_OFF} // electronegativity-justified: SANDBOX_JS_CHECK the same sample`,
        NODE_ON,
      ].join('\n'),
    );
    expect(output).toContain('electronegativity clean');
    expect(code).toBe(0);
  });
});
