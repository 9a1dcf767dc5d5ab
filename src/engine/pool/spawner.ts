/**
 * How the `process` backend starts an OS process. Injected so the engine never imports Electron:
 * Node and the CLI use child_process.fork; the desktop app passes utilityProcess.fork.
 */

/** The pool's view of one worker process. */
export interface WorkerChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process has exited; `code` null when killed by a signal. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export interface SpawnOptions {
  /** Node flags, e.g. the heap cap `--max-old-space-size=N`. */
  execArgv: string[];
  env?: Record<string, string>;
}

export type ProcessSpawner = (script: string, options: SpawnOptions) => WorkerChannel;
