/**
 * Starts `node bin/xmlpool.js serve --port 0 --no-open` as a user would, reads the one URL it
 * prints, and stops it with SIGTERM. The server's TMPDIR is a folder of the test's own, so a
 * test can check that the session's temp folder is gone after shutdown.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServedApp {
  /** The printed URL, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** The server's TMPDIR. */
  tempDir: string;
  /** Everything the server printed, for diagnostics. */
  output(): string;
  /** SIGTERM, then wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export async function startServedApp(): Promise<ServedApp> {
  const tempDir = mkdtempSync(join(tmpdir(), 'xmlpool-e2e-serve-'));
  const child = spawn(process.execPath, ['bin/xmlpool.js', 'serve', '--port', '0', '--no-open'], {
    // Test faults on: a file named `__hang__` holds a worker busy (see createBigCorpus).
    env: { ...process.env, TMPDIR: tempDir, XMLPOOL_TEST_FAULTS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL:\n${stderr}`)),
      START_TIMEOUT_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(stdout.slice(0, newline));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${stderr}`));
    });
  });
  const match = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)$/.exec(firstLine);
  if (!match?.[1] || !match[2]) throw new Error(`unexpected first line from serve: ${firstLine}`);
  const port = Number(match[1]);
  return {
    url: firstLine,
    origin: `http://127.0.0.1:${port}`,
    port,
    token: match[2],
    tempDir,
    output: () => `${stdout}${stderr}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited(child);
      clearTimeout(timer);
      return code;
    },
  };
}

export function removeTempDir(app: ServedApp): void {
  rmSync(app.tempDir, { recursive: true, force: true });
}
