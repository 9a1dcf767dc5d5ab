/**
 * How the CLI's commands stop on a signal: Ctrl-C (SIGINT), `kill` or `timeout` (SIGTERM), and
 * for `serve` a closed terminal (SIGHUP, which `npm start` passes on).
 *
 * - Listening starts before the command's code is even loaded: a signal that finds no listener
 *   gets Node's default action, which ends the process on the spot, and whatever it had made so
 *   far (a temp folder, part files) stays behind.
 * - One listener, kept for the whole run, counts the signals. (Swapping `once` listeners leaves
 *   an instant with none, and `timeout` sends its two SIGTERMs at once.)
 * - The first signal asks the command to stop gracefully (`stop`). A signal that came before the
 *   command was ready is handed to it as soon as it is.
 * - The second quits: the command gets a few seconds to end its workers (`beforeExit`), then
 *   removes its files (`cleanUpNow`, synchronous) and the process exits with 128 + the signal's
 *   number, as a shell reports it. A third signal cuts the wait short. `quit` does the same for
 *   other ways out (serve's uncaught errors).
 */
import { constants } from 'node:os';

export interface StopHandlers {
  /** The first signal: stop gracefully (cancel the job, shut the server down). */
  stop(signal: NodeJS.Signals): void;
  /** On the second signal, before cleanUpNow: end whatever could still write files. */
  beforeExit?(): Promise<void>;
  /** Remove, synchronously, everything the command made; the process exits right after. */
  cleanUpNow(): void;
}

/** The longest the second signal waits for `beforeExit` (workers ending) before exiting anyway. */
const QUIT_WAIT_MS = 3000;

const NOTHING_TO_DO: StopHandlers = { stop: () => undefined, cleanUpNow: () => undefined };

export class StopSignals {
  private handlers: StopHandlers = NOTHING_TO_DO;
  /** The first signal, while no handler was set to hear it. */
  private unheard: NodeJS.Signals | null = null;
  private count = 0;
  private quitting = false;
  private readonly listener = (signal: NodeJS.Signals): void => this.received(signal);

  constructor(private readonly signals: readonly NodeJS.Signals[]) {
    for (const signal of signals) process.on(signal, this.listener);
  }

  /** Sets what the signals do from now on; a first signal that already came is handled now. */
  handle(handlers: StopHandlers): void {
    this.handlers = handlers;
    const unheard = this.unheard;
    this.unheard = null;
    if (unheard !== null) handlers.stop(unheard);
  }

  /** Stops listening: from now on a signal has Node's default action again. */
  dispose(): void {
    for (const signal of this.signals) process.removeListener(signal, this.listener);
  }

  /**
   * Exits with `code` once the handlers' beforeExit has finished (or had its few seconds) and
   * cleanUpNow has run. Called again meanwhile, it exits at once, after cleanUpNow.
   */
  quit(code: number): void {
    const handlers = this.handlers;
    if (this.quitting || !handlers.beforeExit) {
      exitAfter(handlers, code);
      return;
    }
    this.quitting = true;
    void within(handlers.beforeExit(), QUIT_WAIT_MS).then(() => exitAfter(handlers, code));
  }

  private received(signal: NodeJS.Signals): void {
    this.count += 1;
    if (this.count > 1) {
      this.quit(128 + (constants.signals[signal] ?? 0));
    } else if (this.handlers === NOTHING_TO_DO) {
      this.unheard = signal;
    } else {
      this.handlers.stop(signal);
    }
  }
}

function exitAfter(handlers: StopHandlers, code: number): never {
  try {
    handlers.cleanUpNow();
  } finally {
    process.exit(code);
  }
}

/** Resolves when `work` settles or after `ms`, whichever comes first; never rejects. */
function within(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
