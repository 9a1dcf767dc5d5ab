/**
 * A raw byte search for the next `<rowTag` followed by whitespace, `/` or `>`. It knows nothing of
 * XML, so it can land inside a comment, a CDATA section, an attribute value or a nested row of the
 * same name; the merge catches that by checking the candidate against where the previous chunk
 * really stopped. In UTF-8 a `<` byte is always a whole character, so a hit is never mid-character.
 */
import type { FileHandle } from 'node:fs/promises';

/** Rows are rarely longer than this, so one read usually finds the candidate. */
export const CANDIDATE_BLOCK_BYTES = 64 * 1024;

function endsTagName(byte: number | undefined): boolean {
  return (
    byte === 0x20 ||
    byte === 0x09 ||
    byte === 0x0a ||
    byte === 0x0d ||
    byte === 0x2f ||
    byte === 0x3e
  );
}

/** Absolute offset of the first candidate at or after `from`, or null when there is none. */
export async function findRowCandidate(
  handle: FileHandle,
  rowTag: string,
  from: number,
  fileSize: number,
): Promise<number | null> {
  const pattern = Buffer.from(`<${rowTag}`, 'utf8');
  // One extra byte so the character after the name is in the same block as the name.
  const overlap = pattern.length;
  const block = Buffer.allocUnsafe(CANDIDATE_BLOCK_BYTES + overlap);
  let position = from;
  while (position < fileSize) {
    const { bytesRead } = await handle.read(block, 0, block.length, position);
    if (bytesRead === 0) return null;
    const view = block.subarray(0, bytesRead);
    const atEnd = position + bytesRead >= fileSize;
    let hit = view.indexOf(pattern);
    while (hit !== -1) {
      const next = hit + pattern.length;
      if (next < bytesRead) {
        if (endsTagName(view[next])) return position + hit;
      } else if (!atEnd) {
        break; // the deciding byte is in the next block; read again from here
      }
      hit = view.indexOf(pattern, hit + 1);
    }
    if (atEnd) return null;
    // Re-read the last `overlap` bytes so a pattern across the block edge is not missed.
    const advanceBy = hit !== -1 ? hit : bytesRead - overlap;
    position += Math.max(1, advanceBy);
  }
  return null;
}
