/**
 * `xmlpool` command line: `run` processes files headless, `serve` starts browser mode.
 * `main` returns the exit code: 0 all files OK, 1 some failed, 2 usage or setup error.
 */
import { VERSION } from '../shared/version';
import { StopSignals } from './stop-signals';
import { USAGE } from './usage';

type Command = (argv: string[], signals: StopSignals) => Promise<number>;

interface CommandEntry {
  load(): Promise<Command>;
  /** The signals that stop it (stop-signals.ts). */
  signals: readonly NodeJS.Signals[];
}

const COMMANDS: Record<string, CommandEntry> = {
  // Not SIGHUP: under `nohup`, listening to it would undo the ignoring nohup set up.
  run: { load: async () => (await import('./run')).runCommand, signals: ['SIGINT', 'SIGTERM'] },
  // `npm start` passes a closed terminal's SIGHUP on: the session folder must go then too.
  serve: {
    load: async () => (await import('./serve')).serveCommand,
    signals: ['SIGINT', 'SIGTERM', 'SIGHUP'],
  },
  // A worker ends its units and leaves on the first signal (src/cli/worker.ts).
  worker: {
    load: async () => (await import('./worker')).workerCommand,
    signals: ['SIGINT', 'SIGTERM'],
  },
};

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(USAGE);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[first];
  if (!entry) {
    process.stderr.write(`xmlpool: unknown command '${first}'\n\n${USAGE}`);
    return 2;
  }
  // Before the command loads: from here on, a signal is the command's to handle.
  const signals = new StopSignals(entry.signals);
  try {
    const command = await entry.load();
    return await command(rest, signals);
  } finally {
    signals.dispose();
  }
}
