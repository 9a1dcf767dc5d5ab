/**
 * What browser mode is uploading right now, for the UI's progress strip and its Cancel button.
 * In the browser, adding a folder of 2,000 files or one 50 MB file means uploading it first,
 * which takes seconds to tens of seconds: without this the page showed nothing until the end.
 * Several adds may be under way at once (a second drop during the first); the strip shows their
 * sum, and Cancel stops all of them.
 */
import { NotifyThrottle } from '../state/notify-throttle';
import { ValueStore } from '../state/value-store';

/** Thousands of small files finish per second at most: ten renders a second show it well. */
const RENDER_INTERVAL_MS = 100;

export interface UploadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/** One add under way: its files count towards the total until it ends. */
export interface UploadTicket {
  /** Aborted when the user cancels; pass it to every request of this add. */
  readonly signal: AbortSignal;
  /** Bytes went out (negative: a failed request's bytes are taken back). */
  bytesSent(bytes: number): void;
  fileDone(): void;
  end(): void;
}

interface Active extends UploadProgress {
  controller: AbortController;
}

/** Uploads that never happen: the desktop app adds paths at once. */
export const NO_UPLOADS = new ValueStore<UploadProgress | null>(null);

export class UploadActivity {
  /** Null when nothing is being uploaded. */
  readonly progress = new ValueStore<UploadProgress | null>(
    null,
    new NotifyThrottle(RENDER_INTERVAL_MS),
  );
  private readonly active = new Set<Active>();

  begin(filesTotal: number, bytesTotal: number): UploadTicket {
    const add: Active = {
      controller: new AbortController(),
      filesDone: 0,
      filesTotal,
      bytesDone: 0,
      bytesTotal,
    };
    this.active.add(add);
    this.publish();
    return {
      signal: add.controller.signal,
      bytesSent: (bytes) => {
        if (!this.active.has(add)) return;
        add.bytesDone = Math.min(add.bytesTotal, Math.max(0, add.bytesDone + bytes));
        this.publish();
      },
      fileDone: () => {
        if (!this.active.has(add)) return;
        add.filesDone += 1;
        this.publish();
      },
      end: () => {
        if (this.active.delete(add)) this.publish();
      },
    };
  }

  /** Stops every add under way; each then ends with nothing added. */
  cancel(): void {
    for (const add of this.active) add.controller.abort();
  }

  private publish(): void {
    const sum: UploadProgress = { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
    for (const add of this.active) {
      sum.filesDone += add.filesDone;
      sum.filesTotal += add.filesTotal;
      sum.bytesDone += add.bytesDone;
      sum.bytesTotal += add.bytesTotal;
    }
    // Adds with nothing to upload (files uploaded before) are listed at once: nothing to show.
    this.progress.set(sum.filesTotal === 0 ? null : sum);
  }
}
