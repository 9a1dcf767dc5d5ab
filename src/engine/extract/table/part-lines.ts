/**
 * Reads a row part's lines (Parquet and XLSX parts hold one JSON row per line), a read's worth
 * at a time: one await per line cost more than parsing it.
 */
import { type FileHandle, open } from 'node:fs/promises';

const READ_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export async function* partLines(path: string): AsyncGenerator<string[]> {
  const source = await open(path, 'r');
  try {
    yield* linesOf(source, path);
  } finally {
    await source.close();
  }
}

/** The lines of the part open as `source` (`path` names it in errors), from its start. */
export async function* linesOf(source: FileHandle, path: string): AsyncGenerator<string[]> {
  // Read from byte 0 by position: the handle may have been read from already.
  let position = 0;
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  let carry: Buffer | null = null;
  for (;;) {
    const { bytesRead } = await source.read(buffer, 0, buffer.length, position);
    position += bytesRead;
    if (bytesRead === 0) break;
    let bytes = buffer.subarray(0, bytesRead);
    if (carry !== null) {
      bytes = Buffer.concat([carry, bytes]);
      carry = null;
    }
    let start = 0;
    const lines: string[] = [];
    for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
      lines.push(bytes.toString('utf8', start, end));
      start = end + 1;
    }
    yield lines;
    // Copied: the read buffer is reused for the next read.
    if (start < bytes.length) carry = Buffer.from(bytes.subarray(start));
  }
  if (carry !== null && carry.length > 0) throw new Error(`${path} ends inside a row`);
}

/** A parsed part row: the cells as the row encoder wrote them. */
export type PartRow = unknown[];

export function parsePartRow(line: string, width: number): PartRow {
  const row: unknown = JSON.parse(line);
  if (!Array.isArray(row) || row.length !== width) {
    throw new Error(`a row part holds a row of the wrong shape: ${line.slice(0, 80)}`);
  }
  return row;
}
