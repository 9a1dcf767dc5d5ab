// `npm start`: the desktop app when Electron's runtime is available, else browser mode.
//
// Electron 42+ downloads its binary on first launch. Where that cannot happen (no network, a
// locked-down machine), say so in one line and start the same UI in the browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Path of the Electron binary, or a reason it is not usable. Never triggers a download itself. */
function electronBinary() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    // An optional dependency: npm installs it on Node 22.12 and later only (Electron's engines).
    return {
      reason: 'the electron package is not installed (npm installs it on Node 22.12 or later)',
    };
  }
  const pathFile = join(dir, 'path.txt');
  if (existsSync(pathFile)) {
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
    if (existsSync(binary)) return { binary };
  }
  // Try the download once, quietly and bounded in time.
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], {
    stdio: 'pipe',
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (install.status === 0 && existsSync(pathFile)) {
    const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8'));
    if (existsSync(binary)) return { binary };
  }
  const detail = `${install.stderr ?? ''}`.match(/(\w*Error: [^\n]+)/)?.[1];
  return { reason: `its binary could not be downloaded${detail ? ` (${detail})` : ''}` };
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  // Pass Ctrl-C and `kill` on to the app and wait for it: it removes its temp folder on the way
  // out, and must not be left running when this script goes.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
}

if (!existsSync('out/main/index.js') || !existsSync('out/cli/index.js')) {
  const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const electron = electronBinary();
if (electron.binary) {
  run('npx', ['electron-vite', 'preview']);
} else {
  console.log(
    `Electron runtime unavailable: ${electron.reason}; starting xmlpool in your browser instead`,
  );
  run(process.execPath, ['bin/xmlpool.js', 'serve', ...process.argv.slice(2)]);
}
