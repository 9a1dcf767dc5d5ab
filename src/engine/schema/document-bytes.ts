/**
 * The bytes of a document validated whole, gathered while xmlpool's scanner reads it. libxml2
 * then parses exactly the bytes the scanner judged well-formed (a file changing between two
 * reads cannot get a verdict made of two versions), and the file is read once, not twice:
 * reading cost about 4 ms per MB on the benchmark machine, a fifth of libxml2's own time.
 *
 * The buffer is reused from file to file (fresh pages cost as much as the read again), but a
 * worker keeps at most KEEP_BYTES of it between files: a rare big file's buffer is let go.
 */
const KEEP_BYTES = 8 * 1024 * 1024;

let spare: Uint8Array | null = null;

export class DocumentBytes {
  private buffer: Uint8Array;
  private filled = 0;

  /** `size`: the file's planned size (it can still grow; the buffer follows). */
  constructor(size: number) {
    // Taken, not shared: a second document in flight gets its own.
    this.buffer = spare !== null && spare.length >= size ? spare : new Uint8Array(size);
    if (this.buffer === spare) spare = null;
  }

  append(chunk: Uint8Array): void {
    const end = this.filled + chunk.length;
    if (end > this.buffer.length) {
      const grown = new Uint8Array(Math.max(end, 2 * this.buffer.length));
      grown.set(this.buffer.subarray(0, this.filled));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.filled);
    this.filled = end;
  }

  /** What was appended; valid until `release`. */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.filled);
  }

  /** Done with the bytes: the buffer may serve the next file. */
  release(): void {
    if (this.buffer.length <= KEEP_BYTES && (spare === null || spare.length < this.buffer.length)) {
      spare = this.buffer;
    }
  }
}
