/**
 * `xmlpool` command line: `run` processes files headless, `serve` starts browser mode.
 * `main` returns the exit code: 0 all files OK, 1 some failed, 2 usage or setup error.
 */
import { VERSION } from '../shared/version';
import { USAGE } from './usage';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run')).runCommand,
  serve: async () => (await import('./serve')).serveCommand,
  worker: async () => (await import('./worker')).workerCommand,
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
  const load = COMMANDS[first];
  if (!load) {
    process.stderr.write(`xmlpool: unknown command '${first}'\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  return command(rest);
}
