/**
 * Test support for the cluster tests: a real `nats-server -js` on 127.0.0.1 (a free port, a temp
 * store folder, file storage) and real `xmlpool` processes of the built CLI, whose output lines
 * a test can wait for. Waiting is always on an event (a line, an exit), never on time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A child process whose output is kept, line by line, for `waitFor`. */
export class Watched {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private waiters: { pattern: RegExp; resolve(line: string): void }[] = [];

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      this.stdout += text;
    });
    let partial = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.offer(line);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Resolves with the first stderr line (past or future) that matches; rejects on exit. */
  waitFor(pattern: RegExp): Promise<string> {
    const past = this.stderr.split('\n').find((line) => pattern.test(line));
    if (past !== undefined) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      this.waiters.push({ pattern, resolve });
      void this.exited.then((code) =>
        reject(new Error(`exited (${code}) before printing ${pattern}:\n${this.stderr}`)),
      );
    });
  }

  /** Resolves with the next stderr line that matches, ignoring the lines printed so far. */
  next(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ pattern, resolve });
      void this.exited.then((code) =>
        reject(new Error(`exited (${code}) before printing ${pattern}:\n${this.stderr}`)),
      );
    });
  }

  /** Lines of stderr matching `pattern`. */
  count(pattern: RegExp): number {
    return this.stderr.split('\n').filter((line) => pattern.test(line)).length;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  private offer(line: string): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.pattern.test(line)) return true;
      waiter.resolve(line);
      return false;
    });
  }
}

export interface NatsServer {
  url: string;
  port: number;
  process: Watched;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port and store folder. */
  restart(): Promise<void>;
}

export async function startNats(storeDir: string, extraArgs: string[] = []): Promise<NatsServer> {
  const port = await freePort();
  const launch = async (): Promise<Watched> => {
    const watched = new Watched(
      spawn(
        'nats-server',
        ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port), ...extraArgs],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );
    await watched.waitFor(/Server is ready/);
    return watched;
  };
  const server: NatsServer = {
    url: `nats://127.0.0.1:${port}`,
    port,
    process: await launch(),
    stop: async () => {
      server.process.kill('SIGTERM');
      await server.process.exited;
    },
    restart: async () => {
      await server.stop();
      server.process = await launch();
    },
  };
  return server;
}

/** A script that runs the built CLI's main() (worker threads refuse `node -e`'s flags). */
export function cliRunner(dir: string, cliEntry: string): string {
  const runner = join(dir, 'run-cli.mjs');
  writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(pathToFileURL(cliEntry).href)});\n` +
      'process.exitCode = await main(process.argv.slice(2));\n',
  );
  return runner;
}

export function startXmlpool(
  runner: string,
  args: string[],
  env: Record<string, string> = {},
): Watched {
  return new Watched(
    spawn(process.execPath, [runner, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    }),
  );
}
