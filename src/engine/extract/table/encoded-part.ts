/**
 * A row part whose rows a worker has already encoded as Parquet row groups (see
 * parquet-layout.ts for when). Its layout:
 *
 *   "PAR1" · the row groups' column chunks · metadata (JSON) · its length (u32 LE) · "XPJ1"
 *
 * The first four bytes are where hyparquet-writer starts every file, so offsets in the metadata
 * are offsets in the part, and the main side shifts them by where the bytes land in the table.
 * The metadata is hyparquet's own row group and page index objects, as portable JSON; it may come
 * from another thread, process or machine, so the main side rebuilds it from checked fields
 * (encoded-metadata.ts) before it uses it.
 */
import { type FileHandle, open } from 'node:fs/promises';
import type { SchemaElement } from 'hyparquet';
import {
  type EncodedRowGroups,
  leafColumns,
  metadataJson,
  parseMetadataJson,
  rebuildRowGroups,
} from './encoded-metadata';

const PARQUET_MAGIC = Buffer.from('PAR1');
const TRAILER_MAGIC = Buffer.from('XPJ1');
/** Metadata length and magic. */
const TRAILER_BYTES = 8;

/** The bytes that end an encoded part, after its column chunks. */
export function encodedPartTrailer(groups: EncodedRowGroups): Buffer {
  const metadata = Buffer.from(metadataJson(groups));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(metadata.length);
  return Buffer.concat([metadata, length, TRAILER_MAGIC]);
}

/** True when the open part holds encoded row groups (a JSON-lines part starts with `[`). */
export async function startsEncoded(file: FileHandle): Promise<boolean> {
  const head = Buffer.alloc(4);
  const { bytesRead } = await file.read(head, 0, 4, 0);
  return bytesRead === 4 && head.equals(PARQUET_MAGIC);
}

export interface EncodedPart {
  /** The column chunks lie in [dataStart, dataEnd) of the part. */
  dataStart: number;
  dataEnd: number;
  groups: EncodedRowGroups;
}

/**
 * Reads and checks an encoded part's metadata; throws with the reason if it is not sound. Reads
 * through `handle` when the caller has the part open already.
 */
export async function readEncodedPart(
  path: string,
  schema: readonly SchemaElement[],
  handle?: FileHandle,
): Promise<EncodedPart> {
  const file = handle ?? (await open(path, 'r'));
  try {
    const { size } = await file.stat();
    const bad = (why: string): Error => new Error(`the row part ${path} is damaged: ${why}`);
    if (size < PARQUET_MAGIC.length + TRAILER_BYTES) throw bad('it is too short');
    const trailer = Buffer.alloc(TRAILER_BYTES);
    await file.read(trailer, 0, TRAILER_BYTES, size - TRAILER_BYTES);
    if (!trailer.subarray(4).equals(TRAILER_MAGIC)) throw bad('it has no trailer');
    const metadataLength = trailer.readUInt32LE(0);
    const dataEnd = size - TRAILER_BYTES - metadataLength;
    if (dataEnd < PARQUET_MAGIC.length) throw bad('its metadata length is wrong');
    const metadata = Buffer.alloc(metadataLength);
    await file.read(metadata, 0, metadataLength, dataEnd);
    let groups: unknown;
    try {
      groups = parseMetadataJson(metadata.toString('utf8'));
    } catch (error) {
      throw bad(error instanceof Error ? error.message : String(error));
    }
    const rebuilt = rebuildRowGroups(groups, leafColumns(schema), dataEnd);
    if (typeof rebuilt === 'string') throw bad(rebuilt);
    return { dataStart: PARQUET_MAGIC.length, dataEnd, groups: rebuilt };
  } finally {
    if (handle === undefined) await file.close();
  }
}

/** Moves the row groups' offsets by `delta` bytes: where their part's offset 0 lands. */
export function shiftOffsets(groups: EncodedRowGroups, delta: number): void {
  const by = BigInt(delta);
  for (const group of groups.rowGroups) {
    for (const chunk of group.columns) {
      chunk.file_offset += by;
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      meta.data_page_offset += by;
      if (meta.dictionary_page_offset !== undefined) meta.dictionary_page_offset += by;
    }
  }
  for (const index of groups.indexes) {
    for (const location of index.offsetIndex?.page_locations ?? []) location.offset += by;
  }
}
