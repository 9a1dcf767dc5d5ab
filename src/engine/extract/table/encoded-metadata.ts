/**
 * The metadata of a worker's encoded part (encoded-part.ts): written as JSON by the worker and
 * checked and rebuilt on the main side. JSON, not V8's structured clone, because a part may come
 * from a remote worker on another Node.js version; bigints and the doubles JSON cannot hold (-0,
 * which hyparquet writes as a minimum of 0, NaN, infinities) are tagged, and a page index names
 * its column chunk by position. The main side rebuilds every object from checked fields (types,
 * enums, bounds: each column chunk lies inside the part and each page inside its chunk), because
 * hyparquet-writer writes whatever fields it finds into the table's footer. A part that fails a
 * check is refused with the reason.
 */
import type {
  ColumnChunk,
  ColumnMetaData,
  OffsetIndex,
  ParquetType,
  RowGroup,
  SchemaElement,
  Statistics,
} from 'hyparquet';
import { CompressionCodecs, Encodings, PageTypes } from 'hyparquet/src/constants.js';
import type { ParquetWriter } from 'hyparquet-writer';

/** The page index of one column chunk, as hyparquet-writer keeps it until the file ends. */
export type PageIndex = ParquetWriter['pendingIndexes'][number];

export interface EncodedRowGroups {
  rowGroups: RowGroup[];
  indexes: PageIndex[];
}

/** The metadata as the worker writes it: JSON text. */
export function metadataJson(groups: EncodedRowGroups): string {
  const positions = new Map<ColumnChunk, [number, number]>();
  for (const [i, group] of groups.rowGroups.entries()) {
    for (const [j, chunk] of group.columns.entries()) positions.set(chunk, [i, j]);
  }
  const indexes = groups.indexes.map((index) => ({
    chunk: positions.get(index.chunk),
    offsetIndex: index.offsetIndex,
  }));
  return JSON.stringify({ rowGroups: groups.rowGroups, indexes }, (_key, value: unknown) => {
    if (typeof value === 'bigint') return { $bigint: value.toString() };
    if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
      return { $number: Object.is(value, -0) ? '-0' : String(value) };
    }
    return value;
  });
}

/** The worker's JSON text parsed, its tagged values restored; shape still unchecked. */
export function parseMetadataJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    const tagged: unknown = Reflect.get(value, keys[0] ?? '');
    if (typeof tagged !== 'string') return value;
    if (keys[0] === '$bigint' && /^-?\d+$/.test(tagged)) return BigInt(tagged);
    if (keys[0] === '$number' && ['-0', 'NaN', 'Infinity', '-Infinity'].includes(tagged)) {
      return Number(tagged);
    }
    return value;
  });
}

/** A leaf column of the table's schema: what each row group holds, in order. */
interface Leaf {
  path: string[];
  type: ParquetType;
}

export function leafColumns(schema: readonly SchemaElement[]): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (at: number, path: string[]): number => {
    const element = schema[at];
    if (element === undefined) return at + 1;
    const here = at === 0 ? [] : [...path, element.name];
    let next = at + 1;
    const children = element.num_children ?? 0;
    if (children === 0 && at > 0 && element.type !== undefined) {
      leaves.push({ path: here, type: element.type });
    }
    for (let child = 0; child < children; child++) next = walk(next, here);
    return next;
  };
  walk(0, []);
  return leaves;
}

type Fields = Record<string, unknown>;

/** A problem with the metadata: thrown while rebuilding, caught by rebuildRowGroups. */
class Unsound extends Error {}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, what: string): Fields {
  if (!isFields(value)) throw new Unsound(`${what} is malformed`);
  return value;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Unsound(`${what} is not a list`);
  return value;
}

function count(value: unknown, what: string): bigint {
  if (typeof value !== 'bigint' || value < 0n) throw new Unsound(`${what} is not a count`);
  return value;
}

function size(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new Unsound(`${what} is not a size`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, known: readonly T[], what: string): T {
  const found = known.find((name) => name === value);
  if (found === undefined) throw new Unsound(`${what} ${String(value)} is unknown`);
  return found;
}

/** A statistics bound of the leaf's physical type, as hyparquet-writer computes it. */
function bound(value: unknown, type: ParquetType, what: string): Statistics['min_value'] {
  if (value === undefined) return undefined;
  if (type === 'BYTE_ARRAY' && typeof value === 'string') return value;
  if (type === 'INT64' && typeof value === 'bigint') return value;
  if (type === 'INT32' && typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (type === 'DOUBLE' && typeof value === 'number') return value;
  if (type === 'BOOLEAN' && typeof value === 'boolean') return value;
  throw new Unsound(`${what} is not a ${type}`);
}

function statistics(value: unknown, leaf: Leaf, what: string): Statistics | undefined {
  if (value === undefined) return undefined;
  const fields = record(value, what);
  const rebuilt: Statistics & { nan_count?: bigint } = {
    min_value: bound(fields.min_value, leaf.type, `${what}' minimum`),
    max_value: bound(fields.max_value, leaf.type, `${what}' maximum`),
    null_count: count(fields.null_count, `${what}' null count`),
  };
  if (fields.nan_count !== undefined) rebuilt.nan_count = count(fields.nan_count, `${what}' NaNs`);
  return rebuilt;
}

interface Bounds {
  start: bigint;
  end: bigint;
}

function columnChunk(value: unknown, leaf: Leaf, dataEnd: number): [ColumnChunk, Bounds] {
  const name = leaf.path.join('.');
  const chunk = record(value, `column chunk ${name}`);
  const meta = record(chunk.meta_data, `column chunk ${name}'s metadata`);
  const path = list(meta.path_in_schema, `column chunk ${name}'s path`);
  if (
    path.length !== leaf.path.length ||
    path.some((part, i) => part !== leaf.path[i]) ||
    meta.type !== leaf.type
  ) {
    throw new Unsound(`a column chunk is not of column ${name}`);
  }
  const start = count(chunk.file_offset, `column chunk ${name}'s offset`);
  const compressed = count(meta.total_compressed_size, `column chunk ${name}'s size`);
  const end = start + compressed;
  const dataPage = count(meta.data_page_offset, `column chunk ${name}'s data page`);
  const dictionaryPage =
    meta.dictionary_page_offset === undefined
      ? undefined
      : count(meta.dictionary_page_offset, `column chunk ${name}'s dictionary page`);
  if (
    start < 4n ||
    end > BigInt(dataEnd) ||
    (dictionaryPage ?? dataPage) !== start ||
    dataPage >= end
  ) {
    throw new Unsound(`column chunk ${name} lies outside the part`);
  }
  const metaData: ColumnMetaData = {
    type: leaf.type,
    encodings: list(meta.encodings, `column chunk ${name}'s encodings`).map((encoding) =>
      oneOf(encoding, Encodings, 'encoding'),
    ),
    path_in_schema: [...leaf.path],
    codec: oneOf(meta.codec, CompressionCodecs, 'codec'),
    num_values: count(meta.num_values, `column chunk ${name}'s values`),
    total_uncompressed_size: count(meta.total_uncompressed_size, `column chunk ${name}'s size`),
    total_compressed_size: compressed,
    data_page_offset: dataPage,
  };
  if (dictionaryPage !== undefined) metaData.dictionary_page_offset = dictionaryPage;
  const stats = statistics(meta.statistics, leaf, `column chunk ${name}'s statistics`);
  if (stats !== undefined) metaData.statistics = stats;
  if (meta.encoding_stats !== undefined) {
    metaData.encoding_stats = list(meta.encoding_stats, 'encoding statistics').map((entry) => {
      const fields = record(entry, 'encoding statistics');
      return {
        page_type: oneOf(fields.page_type, PageTypes, 'page type'),
        encoding: oneOf(fields.encoding, Encodings, 'encoding'),
        count: size(fields.count, 'a page count'),
      };
    });
  }
  return [
    { file_offset: start, meta_data: metaData },
    { start, end },
  ];
}

function offsetIndex(value: unknown, bounds: Bounds): OffsetIndex | undefined {
  if (value === undefined) return undefined;
  const index = record(value, 'an offset index');
  return {
    page_locations: list(index.page_locations, 'page locations').map((entry) => {
      const location = record(entry, 'a page location');
      const offset = count(location.offset, "a page's offset");
      const pageSize = size(location.compressed_page_size, "a page's size");
      if (offset < bounds.start || offset + BigInt(pageSize) > bounds.end) {
        throw new Unsound('a page lies outside its column chunk');
      }
      return {
        offset,
        compressed_page_size: pageSize,
        first_row_index: count(location.first_row_index, "a page's first row"),
      };
    }),
  };
}

function rebuild(value: unknown, leaves: readonly Leaf[], dataEnd: number): EncodedRowGroups {
  const metadata = record(value, 'its metadata');
  /** Each row group's rebuilt column chunks, with their bounds, by position. */
  const chunks: [ColumnChunk, Bounds][][] = [];
  const rowGroups = list(metadata.rowGroups, 'its row groups').map((entry): RowGroup => {
    const group = record(entry, 'a row group');
    const columns = list(group.columns, "a row group's columns");
    if (columns.length !== leaves.length) throw new Unsound('a row group has the wrong columns');
    const rebuilt = columns.map((column, i) => {
      const leaf = leaves[i];
      if (leaf === undefined) throw new Unsound('a row group has the wrong columns');
      return columnChunk(column, leaf, dataEnd);
    });
    chunks.push(rebuilt);
    return {
      columns: rebuilt.map(([chunk]) => chunk),
      total_byte_size: count(group.total_byte_size, "a row group's size"),
      num_rows: count(group.num_rows, "a row group's rows"),
      total_compressed_size: count(group.total_compressed_size, "a row group's size"),
    };
  });
  const indexed = new Set<string>();
  const indexes = list(metadata.indexes, 'its page indexes').map((entry): PageIndex => {
    const index = record(entry, 'a page index');
    const at = list(index.chunk, "a page index's column chunk");
    const [group, column] = at;
    const chunk =
      at.length === 2 && typeof group === 'number' && typeof column === 'number'
        ? chunks[group]?.[column]
        : undefined;
    if (chunk === undefined || indexed.has(`${group}.${column}`)) {
      throw new Unsound('a page index is not of one of its column chunks');
    }
    indexed.add(`${group}.${column}`);
    const offsets = offsetIndex(index.offsetIndex, chunk[1]);
    return offsets === undefined ? { chunk: chunk[0] } : { chunk: chunk[0], offsetIndex: offsets };
  });
  if (indexed.size !== leaves.length * rowGroups.length) {
    throw new Unsound('its page indexes do not match its chunks');
  }
  return { rowGroups, indexes };
}

/**
 * The part's row groups and page indexes rebuilt from `value`, for a part whose column chunks
 * end at `dataEnd`; or why they are not sound.
 */
export function rebuildRowGroups(
  value: unknown,
  leaves: readonly Leaf[],
  dataEnd: number,
): EncodedRowGroups | string {
  try {
    return rebuild(value, leaves, dataEnd);
  } catch (error) {
    if (error instanceof Unsound) return error.message;
    throw error;
  }
}
