/**
 * Reads the line around a byte offset of a file, for the details panel's "source line with a
 * caret": a bounded window (SOURCE_WINDOW_BYTES each side), however big the file and however
 * long the line, decoded in the file's encoding.
 */
import { open } from 'node:fs/promises';
import type { SourceExcerpt } from '../../shared/api';

export const SOURCE_WINDOW_BYTES = 2048;

function decoderFor(encoding: string | null): InstanceType<typeof TextDecoder> {
  try {
    return new TextDecoder(encoding ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

const BREAK = /[\r\n]/;

export async function readSourceExcerpt(
  path: string,
  offset: number,
  encoding: string | null,
): Promise<SourceExcerpt> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const at = Math.min(Math.max(0, offset), size);
    // A UTF-16 window starts on the same byte parity as the offset, a character boundary.
    const start = Math.max(0, at - SOURCE_WINDOW_BYTES);
    const aligned = /^utf-16/i.test(encoding ?? '') && (at - start) % 2 !== 0 ? start + 1 : start;
    const end = Math.min(size, at + SOURCE_WINDOW_BYTES);
    const bytes = Buffer.alloc(end - aligned);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, aligned);
    const window = bytes.subarray(0, bytesRead);
    const decoder = decoderFor(encoding);
    // A character cut by the window's start decodes as U+FFFD: drop it.
    const before = decoder.decode(window.subarray(0, at - aligned)).replace(/^\uFFFD+/, '');
    const after = decoder.decode(window.subarray(at - aligned));
    let lineStart = before.length;
    while (lineStart > 0 && !BREAK.test(before[lineStart - 1] ?? '')) lineStart -= 1;
    const breakAfter = after.search(BREAK);
    const head = before.slice(lineStart);
    return {
      text: head + (breakAfter < 0 ? after : after.slice(0, breakAfter)),
      column: [...head].length + 1,
      cutBefore: lineStart === 0 && aligned > 0,
      cutAfter: breakAfter < 0 && aligned + bytesRead < size,
    };
  } finally {
    await handle.close();
  }
}
