/**
 * `xmlpool serve` as a user stops it: the built CLI (inject('cliEntry')) in a child process,
 * stopped by signals or an uncaught error. Whatever the way out, its session folder (uploads,
 * jobs) must be gone. Signals are sent on events (the printed URL, a finished call), not after
 * sleeps.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DEFAULT_JOB_OPTIONS } from '../shared/tasks';

const cliEntry = inject('cliEntry');
let dir = '';
let tmp = '';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmlpool-serve-test-'));
  tmp = join(dir, 'tmp');
  mkdirSync(tmp);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Serving {
  child: ChildProcess;
  url: string;
  cookie: string;
  exited: Promise<number | null>;
  stderr(): string;
}

/**
 * Starts `xmlpool serve` with its temp folder in the test's folder; resolves once it listens.
 * `extra` is code the runner script runs before the CLI.
 */
async function startServe(extra = ''): Promise<Serving> {
  const runner = join(dir, 'serve-cli.mjs');
  writeFileSync(
    runner,
    `${extra}\nconst { main } = await import(${JSON.stringify(pathToFileURL(cliEntry).href)});\n` +
      'process.exitCode = await main(process.argv.slice(2));\n',
  );
  // XMLPOOL_TEST_FAULTS: a file named *__hang__* holds its worker (src/engine/pool/test-faults.ts).
  const env = { ...process.env, TMPDIR: tmp, XMLPOOL_TEST_FAULTS: '1' };
  const child = spawn(process.execPath, [runner, 'serve', '--no-open', '--port', '0'], { env });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  let url = '';
  for await (const line of createInterface({ input: child.stdout })) {
    url = line;
    break;
  }
  return { child, url, cookie: '', exited, stderr: () => stderr };
}

/** Trades the printed URL's token for the access cookie, as a browser does. */
async function signIn(serving: Serving): Promise<Serving> {
  const first = await fetch(serving.url, { redirect: 'manual' });
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { ...serving, cookie };
}

async function call(serving: Serving, method: string, args: unknown[]): Promise<unknown> {
  const answer = await fetch(new URL(`/api/rpc/${method}`, serving.url), {
    method: 'POST',
    headers: { Cookie: serving.cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { value: unknown }).value;
}

/** Uploads one file; returns the path the server stored it under. */
async function upload(serving: Serving, path: string, content: string): Promise<string> {
  const answer = await fetch(new URL(`/api/upload?batch=testbatch01&path=${path}`, serving.url), {
    method: 'PUT',
    headers: { Cookie: serving.cookie },
    body: content,
  });
  expect(answer.status).toBe(200);
  const receipt: unknown = await answer.json();
  if (typeof receipt !== 'object' || receipt === null || !('root' in receipt)) {
    throw new Error(`unexpected receipt ${JSON.stringify(receipt)}`);
  }
  return String(receipt.root);
}

/** Every file under the test's temp folder: the session folders of the server. */
function filesLeft(): string[] {
  return readdirSync(tmp, { recursive: true, encoding: 'utf8' });
}

describe('xmlpool serve, stopped', () => {
  it('removes its session folder, uploads included, on SIGTERM', async () => {
    const serving = await signIn(await startServe());
    await upload(serving, 'a.xml', '<a/>');
    expect(filesLeft().some((path) => path.endsWith('a.xml'))).toBe(true);
    serving.child.kill('SIGTERM');
    expect(await serving.exited).toBe(0);
    expect(serving.stderr()).toContain('SIGTERM, shutting down');
    expect(filesLeft()).toEqual([]);
  });

  it('quits on a second signal while a job runs, still removing the session folder', async () => {
    const serving = await signIn(await startServe());
    const root = await upload(serving, 'a__hang__.xml', '<a/>');
    await call(serving, 'addPaths', [[root]]);
    await call(serving, 'startJob', [{ ...DEFAULT_JOB_OPTIONS, workers: 1 }]);
    // Both at once, as a terminal's Ctrl-C and `npm start` passing it on deliver them: the
    // process is stopped while they are sent, so the second finds the first not yet handled.
    serving.child.kill('SIGSTOP');
    serving.child.kill('SIGINT');
    serving.child.kill('SIGTERM');
    serving.child.kill('SIGCONT');
    expect([130, 143]).toContain(await serving.exited);
    expect(filesLeft()).toEqual([]);
  });

  it('removes its session folder when an uncaught error ends it', async () => {
    // Once the server listens (its URL is printed), an error nothing catches.
    const failLater = `
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).startsWith('http://')) {
    setImmediate(() => { throw new Error('test: an error nothing catches'); });
  }
  return write(chunk, ...rest);
};`;
    const serving = await startServe(failLater);
    expect(await serving.exited).toBe(1);
    expect(serving.stderr()).toContain('test: an error nothing catches');
    expect(filesLeft()).toEqual([]);
  });
});
