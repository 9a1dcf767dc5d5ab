/**
 * The ordered merge of an extract job (main side): files finish in any order, on any worker, but
 * the table holds their rows in input order, then document order. As each file's result arrives,
 * every file of the finished prefix of the input list is appended to the table, part by part, and
 * its parts are removed; a file that finished early waits on disk, not in memory. Appends run one
 * after another, so the table is written in bounded memory while the job still runs.
 */
import { rm } from 'node:fs/promises';
import type { FileResult } from '../../shared/results';
import { pathExists } from '../fs/path-exists';
import { rowPartPath } from './row-part';
import type { TableWriter } from './table/table-writer';

export interface AssembledTable {
  rows: number;
  /** Why the table could not be written, if it could not. */
  error: string | null;
}

export class TableAssembler {
  /** Finished files not yet appended: index → whether its rows belong in the table. */
  private readonly waiting = new Map<number, boolean>();
  private next = 0;
  private rows = 0;
  private work: Promise<void> = Promise.resolve();
  private error: string | null = null;

  constructor(
    private readonly writer: TableWriter,
    private readonly outputDir: string,
    private readonly files: number,
  ) {}

  /** A file has its final result; appends whatever is now next in input order. */
  fileDone(result: FileResult): void {
    // A result with no `extract` (a crash, a cancel) contributes no rows; a stale part a crashed
    // attempt may have left is removed all the same.
    this.waiting.set(result.index, result.extract !== undefined);
    this.rows += result.extract?.rows ?? 0;
    this.work = this.work.then(() => this.advance());
  }

  private async advance(): Promise<void> {
    for (;;) {
      const keep = this.waiting.get(this.next);
      if (keep === undefined) return;
      this.waiting.delete(this.next);
      const index = this.next++;
      for (let piece = 0; ; piece++) {
        const part = rowPartPath(this.outputDir, index, piece);
        if (!(await pathExists(part))) break;
        if (keep && this.error === null) {
          try {
            await this.writer.appendPart(part);
          } catch (error) {
            this.error = error instanceof Error ? error.message : String(error);
          }
        }
        await rm(part, { force: true });
      }
    }
  }

  /** The job failed: drops the table. */
  async abandon(): Promise<void> {
    await this.work.catch(() => undefined);
    await this.writer.discard();
  }

  /** Waits for the appends, then commits the table (or discards it after an error). */
  async finish(): Promise<AssembledTable> {
    await this.work;
    if (this.next < this.files && this.error === null) {
      this.error = `the table is missing files from input ${this.next} on`;
    }
    if (this.error === null) {
      try {
        await this.writer.commit();
      } catch (error) {
        this.error = error instanceof Error ? error.message : String(error);
      }
    }
    if (this.error !== null) await this.writer.discard();
    return { rows: this.rows, error: this.error };
  }
}
