/**
 * Interns names by their UTF-8 bytes so a document's repeated element and attribute names map to
 * one string each, without decoding or allocating per occurrence. Fixed size: a name finding its
 * slots taken falls back to decoding, and a cache that fills up starts afresh.
 *
 * Bytes map to the same string in every document, so one cache can serve all the documents a
 * worker scans (see sharedNameCache): that spares each file building its tables and decoding its
 * names again.
 */
const SLOTS = 2048;
const MAX_CACHED_LENGTH = 64;
const PROBES = 4;
/** Names held before the cache starts afresh (probing gets slow near a full table). */
const FULL = (SLOTS * 3) / 4;
const utf8 = new TextDecoder('utf-8');

/** FNV-1a offset basis; readName folds ASCII name bytes into a hash from here as it scans. */
export const NAME_HASH_SEED = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Hashes passed to getHashed() keep these bits (more than the slot index needs). */
export const NAME_HASH_MASK = 0x3fffffff;

export function nameHashStep(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, FNV_PRIME);
}

export class NameCache {
  private readonly keys: (Uint8Array | null)[] = new Array<Uint8Array | null>(SLOTS).fill(null);
  private readonly names: string[] = new Array<string>(SLOTS).fill('');
  /** UTF-8 bytes of the name returned by the last get(), when it is cached; else null. */
  lastBytes: Uint8Array | null = null;
  private used = 0;

  get(buf: Uint8Array, start: number, end: number): string {
    if (end - start > MAX_CACHED_LENGTH) return this.getHashed(buf, start, end, 0);
    let hash = NAME_HASH_SEED;
    for (let i = start; i < end; i++) hash = nameHashStep(hash, buf[i] as number);
    return this.getHashed(buf, start, end, hash & NAME_HASH_MASK);
  }

  /** get() for a caller that already folded the bytes into `hash` with nameHashStep. */
  getHashed(buf: Uint8Array, start: number, end: number, hash: number): string {
    const length = end - start;
    if (length > MAX_CACHED_LENGTH) {
      this.lastBytes = null;
      return utf8.decode(buf.subarray(start, end));
    }
    // A few neighbouring slots are probed: with one slot per hash, a frequent name that
    // collided with an earlier one was decoded on every occurrence.
    let free = -1;
    for (let probe = 0; probe < PROBES; probe++) {
      const slot = (hash + probe) & (SLOTS - 1);
      const key = this.keys[slot];
      if (key === null || key === undefined) {
        free = slot;
        break;
      }
      if (key.length === length && sameBytes(key, buf, start)) {
        this.lastBytes = key;
        return this.names[slot] as string;
      }
    }
    const name = utf8.decode(buf.subarray(start, end));
    if (free >= 0) {
      if (++this.used > FULL) {
        // Documents with ever new names would otherwise leave later names uncached for good.
        this.keys.fill(null);
        this.names.fill('');
        this.used = 1;
      }
      const bytes = buf.slice(start, end);
      this.keys[free] = bytes;
      this.names[free] = name;
      this.lastBytes = bytes;
    } else this.lastBytes = null;
    return name;
  }
}

function sameBytes(key: Uint8Array, buf: Uint8Array, start: number): boolean {
  for (let i = 0; i < key.length; i++) if (key[i] !== buf[start + i]) return false;
  return true;
}

let shared: NameCache | null = null;

/** The cache top-level scans share (scans are synchronous, so lastBytes is never interleaved). */
export function sharedNameCache(): NameCache {
  shared ??= new NameCache();
  return shared;
}
