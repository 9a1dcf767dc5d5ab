/**
 * `xmlpool serve`: the xmlpool UI in a browser. Starts the backend service and the browser-mode
 * server, prints the URL (token included) as the only line on stdout, opens the browser, and on
 * SIGINT, SIGTERM or SIGHUP cancels the job and removes the session's temp folder, with every
 * uploaded file in it. A second signal, an uncaught error or a failing server remove it too.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createXmlPoolService } from '../engine/service/xml-pool-service';
import { type BrowserServer, startBrowserServer } from '../server/browser-server';
import { createSessionFolder } from '../server/session-folder';
import { uploadedName } from '../server/uploads';
import { findRendererDir, findReportAssetsDir, findWorkerScript } from './build-outputs';
import type { StopSignals } from './stop-signals';

const SERVE_USAGE = `Usage: xmlpool serve [--host 127.0.0.1] [--port N] [--no-open]

Start the xmlpool UI in your browser. The printed URL carries a per-run access token.

Options:
  --host HOST   Address to listen on (default 127.0.0.1, this machine only).
  --port N      Port to listen on (default 0: any free port).
  --no-open     Print the URL without opening a browser.
  -h, --help    Show this help.
`;

interface ServeArgs {
  host: string;
  port: number;
  open: boolean;
}

function parseServeArgs(argv: string[]): ServeArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65_535) {
    throw new Error(`--port must be an integer from 0 to 65535, not '${values.port}'`);
  }
  if (values.host.length === 0) throw new Error('--host must not be empty');
  return { host: values.host, port: Number(values.port), open: !values['no-open'] };
}

/** Best effort: a machine without a desktop still has the printed URL. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener on this machine: the URL is printed.
  }
}

export async function serveCommand(argv: string[], signals: StopSignals): Promise<number> {
  let args: ServeArgs | 'help';
  try {
    args = parseServeArgs(argv);
  } catch (error) {
    process.stderr.write(
      `xmlpool serve: ${error instanceof Error ? error.message : String(error)}\n\n${SERVE_USAGE}`,
    );
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  const rendererDir = findRendererDir();
  const workerScript = findWorkerScript();
  if (rendererDir === null || workerScript === null) {
    process.stderr.write(
      `xmlpool serve: the ${rendererDir === null ? 'UI bundle (out/renderer)' : 'worker script (out/cli/worker.cjs)'} is missing; run \`npm run build\` first.\n`,
    );
    return 2;
  }

  const session = await createSessionFolder();
  const service = createXmlPoolService({
    workerScript,
    tempRoot: session.jobsDir,
    mode: 'browser',
    displayPath: (file) => uploadedName(session.uploadsDir, file),
    reportAssetsDir: findReportAssetsDir() ?? undefined,
  });
  // From here on, every way out removes the session folder.
  let server: BrowserServer | null = null;
  const stopped = new Promise<string>((resolve) => {
    signals.handle({
      stop: (signal) => resolve(signal),
      // Nothing may write into the folder as it goes: no upload, no worker.
      beforeExit: async () => {
        await Promise.all([server?.close(), service.abortNow()]);
      },
      cleanUpNow: () => removeNow(session.root),
    });
  });
  const onUncaughtError = (error: unknown): void => {
    process.stderr.write(
      `xmlpool serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    signals.quit(1);
  };
  process.on('uncaughtException', onUncaughtError);
  try {
    try {
      server = await startBrowserServer({
        api: service,
        rendererDir,
        session,
        host: args.host,
        port: args.port,
      });
    } catch (error) {
      process.stderr.write(
        `xmlpool serve: cannot listen on ${args.host}:${args.port}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 2;
    }
    process.stdout.write(`${server.url}\n`);
    if (args.open) openBrowser(server.url);
    const reason = await Promise.race([stopped, server.failed]);
    if (reason instanceof Error) {
      process.stderr.write(`xmlpool serve: the server failed: ${reason.message}; shutting down\n`);
      return 1;
    }
    process.stderr.write(`xmlpool serve: ${reason}, shutting down\n`);
    return 0;
  } finally {
    try {
      await server?.close();
      // dispose cancels a running job and waits for its workers before the folder goes.
      await service.dispose();
    } finally {
      await session.remove();
      process.removeListener('uncaughtException', onUncaughtError);
    }
  }
}

/** For a process about to exit: remove the folder now, or leave it if it can't be. */
function removeNow(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Left for the system's temp cleaner; the process is exiting either way.
  }
}
