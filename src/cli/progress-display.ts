/**
 * Draws the live progress on a terminal, in place: each update moves the cursor back up over the
 * previous lines and redraws them. The job already limits updates to 10 a second.
 */
import type { JobProgress } from '../shared/progress';
import { progressLines } from './progress-lines';

const CURSOR_UP = (n: number): string => `\x1b[${n}A`;
const CLEAR_DOWN = '\x1b[0J';

/** What the display needs of a terminal (process.stderr when it is a TTY). */
export interface Terminal {
  write(text: string): unknown;
  readonly columns?: number;
}

export class ProgressDisplay {
  private drawn = 0;

  constructor(private readonly terminal: Terminal) {}

  update(progress: JobProgress): void {
    // A pseudo-terminal without a size reports 0 columns.
    const lines = progressLines(progress, this.terminal.columns || 80);
    this.terminal.write(`${this.rewind()}${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  /** Removes the display, leaving the cursor where it started. */
  clear(): void {
    if (this.drawn > 0) this.terminal.write(this.rewind());
    this.drawn = 0;
  }

  private rewind(): string {
    return this.drawn > 0 ? `\r${CURSOR_UP(this.drawn)}${CLEAR_DOWN}` : '';
  }
}
