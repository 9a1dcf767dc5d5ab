/**
 * A row part whose rows a worker has already encoded as Parquet row groups (see
 * parquet-layout.ts for when). Its layout:
 *
 *   "PAR1" · the row groups' column chunks · metadata · metadata length (u32 LE) · "XPG1"
 *
 * The first four bytes are where hyparquet-writer starts every file, so offsets in the metadata
 * are offsets in the part, and the main side shifts them by where the bytes land in the table.
 * The metadata is hyparquet's own row group and page index objects, serialised with V8's
 * structured clone, which keeps their bigints and the page indexes' links to their column chunks.
 * It comes from another thread or process, so the main side checks every field it relies on, and
 * that the chunks lie inside the part, before it trusts them.
 */
import { open } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import type { RowGroup, SchemaElement } from 'hyparquet';
import type { ParquetWriter } from 'hyparquet-writer';

/** The page index of one column chunk, as hyparquet-writer keeps it until the file ends. */
export type PageIndex = ParquetWriter['pendingIndexes'][number];

export interface EncodedRowGroups {
  rowGroups: RowGroup[];
  indexes: PageIndex[];
}

const PARQUET_MAGIC = Buffer.from('PAR1');
const TRAILER_MAGIC = Buffer.from('XPG1');
/** Metadata length and magic. */
const TRAILER_BYTES = 8;

/** The bytes that end an encoded part, after its column chunks. */
export function encodedPartTrailer(groups: EncodedRowGroups): Buffer {
  const metadata = serialize(groups);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(metadata.length);
  return Buffer.concat([metadata, length, TRAILER_MAGIC]);
}

/** True when the part at `path` holds encoded row groups (a JSON-lines part starts with `[`). */
export async function isEncodedPart(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(PARQUET_MAGIC);
  } finally {
    await file.close();
  }
}

export interface EncodedPart {
  /** The column chunks lie in [dataStart, dataEnd) of the part. */
  dataStart: number;
  dataEnd: number;
  groups: EncodedRowGroups;
}

/** Reads and checks an encoded part's metadata; throws with the reason if it is not sound. */
export async function readEncodedPart(
  path: string,
  schema: readonly SchemaElement[],
): Promise<EncodedPart> {
  const file = await open(path, 'r');
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
      groups = deserialize(metadata);
    } catch (error) {
      throw bad(error instanceof Error ? error.message : String(error));
    }
    const leaves = leafColumns(schema);
    if (!isEncodedRowGroups(groups, leaves, dataEnd)) {
      throw bad(encodedRowGroupsProblem(groups, leaves, dataEnd) ?? 'its metadata is unsound');
    }
    return { dataStart: PARQUET_MAGIC.length, dataEnd, groups };
  } finally {
    await file.close();
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

interface Leaf {
  path: string[];
  type: string;
}

/** The schema's leaf columns: what each row group must hold, in order. */
function leafColumns(schema: readonly SchemaElement[]): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (at: number, path: string[]): number => {
    const element = schema[at];
    if (element === undefined) return at + 1;
    const here = at === 0 ? [] : [...path, element.name];
    let next = at + 1;
    const children = element.num_children ?? 0;
    if (children === 0 && at > 0) leaves.push({ path: here, type: element.type ?? '' });
    for (let child = 0; child < children; child++) next = walk(next, here);
    return next;
  };
  walk(0, []);
  return leaves;
}

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isOffset = (value: unknown): value is bigint => typeof value === 'bigint' && value >= 0n;

interface ChunkBounds {
  start: bigint;
  end: bigint;
}

/** Why `chunk` is not a sound column chunk of `leaf` inside the part, or its bounds. */
function checkChunk(chunk: unknown, leaf: Leaf, dataEnd: number): string | ChunkBounds {
  const name = leaf.path.join('.');
  if (!isRecord(chunk) || !isOffset(chunk.file_offset)) return 'a column chunk has no offset';
  const meta = chunk.meta_data;
  if (!isRecord(meta)) return 'a column chunk has no metadata';
  const path = meta.path_in_schema;
  if (
    !Array.isArray(path) ||
    path.length !== leaf.path.length ||
    path.some((part, i) => part !== leaf.path[i]) ||
    meta.type !== leaf.type
  ) {
    return `a column chunk is not of column ${name}`;
  }
  if (
    !Array.isArray(meta.encodings) ||
    !meta.encodings.every((encoding) => typeof encoding === 'string') ||
    typeof meta.codec !== 'string' ||
    !isOffset(meta.num_values) ||
    !isOffset(meta.total_uncompressed_size) ||
    !isOffset(meta.total_compressed_size) ||
    !isOffset(meta.data_page_offset) ||
    !(meta.dictionary_page_offset === undefined || isOffset(meta.dictionary_page_offset)) ||
    !(meta.statistics === undefined || isRecord(meta.statistics)) ||
    !(meta.encoding_stats === undefined || Array.isArray(meta.encoding_stats))
  ) {
    return `column chunk ${name} has malformed metadata`;
  }
  const start = chunk.file_offset;
  const end = start + meta.total_compressed_size;
  const first = meta.dictionary_page_offset ?? meta.data_page_offset;
  if (start < 4n || end > BigInt(dataEnd) || first !== start || meta.data_page_offset >= end) {
    return `column chunk ${name} lies outside the part`;
  }
  return { start, end };
}

function offsetIndexProblem(index: unknown, chunk: ChunkBounds): string | null {
  if (index === undefined) return null;
  if (!isRecord(index) || !Array.isArray(index.page_locations)) return 'a page index is malformed';
  for (const location of index.page_locations) {
    if (
      !isRecord(location) ||
      !isOffset(location.offset) ||
      typeof location.compressed_page_size !== 'number' ||
      !isOffset(location.first_row_index) ||
      location.offset < chunk.start ||
      location.offset >= chunk.end
    ) {
      return 'a page location is malformed or outside its column chunk';
    }
  }
  return null;
}

/** Why `value` is not sound metadata for a part whose column chunks end at `dataEnd`, or null. */
function encodedRowGroupsProblem(value: unknown, leaves: Leaf[], dataEnd: number): string | null {
  if (!isRecord(value) || !Array.isArray(value.rowGroups) || !Array.isArray(value.indexes)) {
    return 'its metadata is not a list of row groups';
  }
  const chunks = new Map<unknown, ChunkBounds>();
  for (const group of value.rowGroups) {
    if (
      !isRecord(group) ||
      !isOffset(group.num_rows) ||
      !isOffset(group.total_byte_size) ||
      !(group.total_compressed_size === undefined || isOffset(group.total_compressed_size)) ||
      !Array.isArray(group.columns) ||
      group.columns.length !== leaves.length
    ) {
      return 'a row group is malformed or has the wrong columns';
    }
    for (const [i, chunk] of group.columns.entries()) {
      const leaf = leaves[i];
      if (leaf === undefined) return 'a row group has too many columns';
      const checked = checkChunk(chunk, leaf, dataEnd);
      if (typeof checked === 'string') return checked;
      chunks.set(chunk, checked);
    }
  }
  if (value.indexes.length !== chunks.size) return 'its page indexes do not match its chunks';
  for (const index of value.indexes) {
    // The structured clone keeps an index's chunk the very object of its row group.
    const bounds = isRecord(index) ? chunks.get(index.chunk) : undefined;
    if (!isRecord(index) || bounds === undefined) {
      return 'a page index is not of one of its column chunks';
    }
    if (index.columnIndex !== undefined || index.bloomFilter !== undefined) {
      return 'a page index has a column index or bloom filter the table does not write';
    }
    const problem = offsetIndexProblem(index.offsetIndex, bounds);
    if (problem !== null) return problem;
  }
  return null;
}

/** encodedRowGroupsProblem's field-by-field checks, as a type predicate. */
function isEncodedRowGroups(
  value: unknown,
  leaves: Leaf[],
  dataEnd: number,
): value is EncodedRowGroups {
  return encodedRowGroupsProblem(value, leaves, dataEnd) === null;
}
