/**
 * Interns names by their UTF-8 bytes so a document's repeated element and attribute names map to
 * one string each, without decoding or allocating per occurrence. Fixed size: a slot taken by
 * another name falls back to decoding.
 */
const SLOTS = 2048;
const MAX_CACHED_LENGTH = 64;
const utf8 = new TextDecoder('utf-8');

export class NameCache {
  private readonly keys: (Uint8Array | null)[] = new Array<Uint8Array | null>(SLOTS).fill(null);
  private readonly names: string[] = new Array<string>(SLOTS).fill('');
  /** UTF-8 bytes of the name returned by the last get(), when it is cached; else null. */
  lastBytes: Uint8Array | null = null;

  get(buf: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length > MAX_CACHED_LENGTH) {
      this.lastBytes = null;
      return utf8.decode(buf.subarray(start, end));
    }
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193);
    const slot = (hash >>> 0) & (SLOTS - 1);
    const key = this.keys[slot];
    if (key !== null && key !== undefined && key.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (key[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.lastBytes = key;
        return this.names[slot] as string;
      }
    }
    const name = utf8.decode(buf.subarray(start, end));
    if (key === null) {
      const bytes = buf.slice(start, end);
      this.keys[slot] = bytes;
      this.names[slot] = name;
      this.lastBytes = bytes;
    } else this.lastBytes = null;
    return name;
  }
}
