/**
 * `npm start` on a machine without the Electron runtime: one line saying so, then browser mode.
 * Skipped where the runtime exists (there `npm start` opens the desktop app instead).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

function electronBinaryPresent(): boolean {
  const pathFile = join('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8')));
}

describe.skipIf(electronBinaryPresent())('npm start without the Electron runtime', () => {
  it('says so in one line and serves the UI in the browser instead', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lines: string[] = [];
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        lines.push(line);
        if (line.startsWith('http://')) break;
      }
      expect(lines[0]).toMatch(
        /^Electron runtime unavailable: .+; starting xmlpool in your browser instead$/,
      );
      expect(lines).toHaveLength(2);
      const url = new URL(lines[1] ?? '');
      expect(url.hostname).toBe('127.0.0.1');
      expect(url.searchParams.get('token')).toMatch(/^[\w-]{32,}$/);
      const page = await fetch(url, { redirect: 'manual' });
      expect(page.status).toBeLessThan(400);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('removes its session folder when Ctrl-C in a terminal stops it', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'xmlpool-start-test-'));
    // Its own process group, as a terminal gives a command: Ctrl-C signals the whole group,
    // so the server hears SIGINT from the terminal and once more from start.mjs.
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, TMPDIR: tmp },
    });
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        if (line.startsWith('http://')) break;
      }
      expect(readdirSync(tmp).filter((name) => name.startsWith('xmlpool-serve-'))).toHaveLength(1);
      process.kill(-(child.pid ?? 0), 'SIGINT');
      await exited;
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
