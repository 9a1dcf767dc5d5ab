/**
 * A worker's encoded row part (encoded-part.ts, parquet-part-writer.ts). Appended to a table
 * between JSON-lines parts of small files, its rows read back with hyparquet in order and with
 * their types; its row groups are cut at the grid and the budget; and a damaged part fails the
 * table with the reason instead of writing a file whose offsets point anywhere.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cell } from '../value-types';
import { readEncodedPart } from './encoded-part';
import type { ParquetLayout } from './parquet-layout';
import { ParquetPartWriter } from './parquet-part-writer';
import { parquetSchema } from './parquet-schema';
import { rowEncoder } from './row-encoders';
import { EVERY_TYPE_COLUMNS } from './table-test-support';
import { createTableWriter } from './table-writer';

const dir = mkdtempSync(join(tmpdir(), 'xmlpool-encoded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = EVERY_TYPE_COLUMNS;
const LAYOUT: ParquetLayout = { gridBytes: 1000, rowGroupRows: 4, rowGroupChars: 10_000 };

function row(i: number): Cell[] {
  return [
    `name ${i}`,
    String(i * 1_000_000_007),
    i / 4,
    i % 3 === 0 ? null : i % 2 === 0,
    `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
    `2024-05-06T07:08:${String(i % 60).padStart(2, '0')}.000Z`,
    Array.from({ length: i % 3 }, (_, t) => `t${t}`),
  ];
}

let parts = 0;

/** A JSON-lines part, as a worker writes a small file's rows. */
function jsonPart(rows: Cell[][]): string {
  const path = join(dir, `${parts++}.part`);
  const encode = rowEncoder('parquet', COLUMNS, { join: '|', sourceColumn: null });
  writeFileSync(path, rows.map((cells) => encode(cells, null)).join(''));
  return path;
}

/** An encoded part of `rows` whose records start at `offsets`. */
async function encodedPart(rows: Cell[][], offsets: number[]): Promise<string> {
  const part = await ParquetPartWriter.create(join(dir, `${parts++}.part`), COLUMNS, null, LAYOUT);
  for (const [i, cells] of rows.entries()) part.add(cells, offsets[i] ?? 0);
  await part.commit();
  return part.path;
}

async function tableOf(partPaths: string[]): Promise<ArrayBuffer> {
  const path = join(dir, `table-${parts++}.parquet`);
  const writer = await createTableWriter({
    path,
    format: 'parquet',
    columns: COLUMNS,
    bom: false,
    join: '|',
  });
  try {
    for (const part of partPaths) await writer.appendPart(part);
    await writer.commit();
  } catch (error) {
    await writer.discard();
    throw error;
  }
  return Uint8Array.from(readFileSync(path)).buffer;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('encoded row parts', () => {
  it('read back in order, typed, between JSON-lines parts', async () => {
    const big = range(3, 20).map(row);
    // Two records to a grid cell of 1000 bytes, then one alone.
    const offsets = big.map((_, i) => 500 * i + (i === 16 ? 10_000 : 0));
    const file = await tableOf([
      jsonPart(range(0, 3).map(row)),
      await encodedPart(big, offsets),
      jsonPart(range(20, 25).map(row)),
    ]);
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(25);
    rows.forEach((read, i) => {
      const cells = row(i);
      expect(read).toEqual({
        name: cells[0],
        n: BigInt(i * 1_000_000_007),
        x: i / 4,
        ok: cells[3],
        day: new Date(`${cells[4]}T00:00:00Z`),
        at: new Date(`${cells[5]}`),
        tags: cells[6],
      });
    });
    // The small files' rows before and after, each their own row group; the big file's cut at
    // each new grid cell (two records to a cell, the last one alone).
    const groups = parquetMetadata(file).row_groups.map((group) => Number(group.num_rows));
    expect(groups).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 2, 1, 5]);
  });

  it('cut a row group after the row that fills the budget, within a cell', async () => {
    const rows = range(0, 10).map(row);
    const file = await tableOf([
      await encodedPart(
        rows,
        rows.map(() => 0),
      ),
    ]);
    const groups = parquetMetadata(file).row_groups.map((group) => Number(group.num_rows));
    expect(groups).toEqual([4, 4, 2]);
    expect(await parquetReadObjects({ file })).toHaveLength(10);
  });

  it('fail the table with the reason when damaged', async () => {
    const good = await encodedPart(range(0, 6).map(row), [0, 0, 0, 2000, 2000, 2000]);
    const sound = await readEncodedPart(good, parquetSchema(COLUMNS));
    expect(sound.groups.rowGroups).toHaveLength(2);

    const cut = join(dir, 'cut.part');
    const bytes = readFileSync(good);
    writeFileSync(cut, bytes);
    truncateSync(cut, bytes.length - 1);
    await expect(tableOf([cut])).rejects.toThrow(/cut\.part is damaged: it has no trailer/);

    const damaged: [(groups: Tampered) => void, RegExp][] = [
      // The second row group claims to run past the chunks.
      [(g) => bump(g.rowGroups[1]?.columns[0]?.meta_data), /column chunk name lies outside/],
      [(g) => g.rowGroups[0]?.columns.reverse(), /not of column name/],
      [(g) => setEncoding(g, 'NOT_AN_ENCODING'), /encoding NOT_AN_ENCODING is unknown/],
      [(g) => indexChunk(g, 1, [0, 0]), /not of one of its column chunks/],
      [(g) => indexChunk(g, 0, [9, 0]), /not of one of its column chunks/],
      [(g) => g.indexes.pop(), /page indexes do not match/],
    ];
    for (const [edit, problem] of damaged) {
      await expect(tableOf([tamper(good, edit)])).rejects.toThrow(problem);
    }
    // Another table's columns.
    await expect(
      readEncodedPart(good, parquetSchema([{ name: 'id', type: 'string', list: false }])),
    ).rejects.toThrow(/has the wrong columns/);
  });

  it('carry their metadata as portable JSON: bigints and a -0 minimum come back as they were', async () => {
    // All x are 0: hyparquet writes the minimum as -0, which plain JSON would turn into 0.
    const rows = range(0, 4).map((i) => row(i).map((cell, column) => (column === 2 ? 0 : cell)));
    const part = await encodedPart(rows, [0, 0, 0, 0]);
    const { groups } = await readEncodedPart(part, parquetSchema(COLUMNS));
    const [name, n, x] = groups.rowGroups[0]?.columns ?? [];
    expect(Object.is(x?.meta_data?.statistics?.min_value, -0)).toBe(true);
    expect(x?.meta_data?.statistics?.max_value).toBe(0);
    expect(n?.meta_data?.statistics?.max_value).toBe(3_000_000_021n);
    expect(name?.file_offset).toBe(4n);
    // Every page index is its row group's very chunk object again.
    expect(groups.indexes.map((index) => index.chunk)).toEqual(groups.rowGroups[0]?.columns);
    expect(groups.indexes[0]?.chunk).toBe(name);
  });

  it('keep only the fields a worker writes', async () => {
    const good = await encodedPart(
      range(0, 6).map(row),
      range(0, 6).map(() => 0),
    );
    // Offsets no worker writes: written into the footer as they are, they would point anywhere.
    const extra = tamper(good, (g) => {
      const group = g.rowGroups[0];
      const chunk = group?.columns[0];
      if (group === undefined || chunk === undefined) throw new Error('no chunk');
      group.file_offset = { $bigint: '4' };
      chunk.column_index_offset = { $bigint: '4' };
      chunk.column_index_length = 10;
      chunk.meta_data.bloom_filter_offset = { $bigint: '4' };
    });
    const file = await tableOf([jsonPart(range(0, 3).map(row)), extra]);
    const metadata = parquetMetadata(file);
    const chunk = metadata.row_groups[1]?.columns[0];
    expect(metadata.row_groups[1]?.file_offset).toBeUndefined();
    expect(chunk?.column_index_offset).toBeUndefined();
    expect(chunk?.meta_data?.bloom_filter_offset).toBeUndefined();
    expect(await parquetReadObjects({ file })).toHaveLength(9);
  });
});

/**
 * A part's metadata as the test edits it: its JSON, with bigints still tagged (`{"$bigint":"4"}`),
 * and fields the worker writes next to some it never writes.
 */
interface Tampered {
  rowGroups: {
    file_offset?: unknown;
    columns: {
      column_index_offset?: unknown;
      column_index_length?: number;
      meta_data: {
        total_compressed_size: unknown;
        encodings: unknown[];
        bloom_filter_offset?: unknown;
      };
    }[];
  }[];
  indexes: { chunk: unknown }[];
}

function bump(meta: Tampered['rowGroups'][number]['columns'][number]['meta_data'] | undefined) {
  if (meta === undefined) throw new Error('no column chunk');
  meta.total_compressed_size = { $bigint: '999999' };
}

function setEncoding(groups: Tampered, encoding: string): void {
  const meta = groups.rowGroups[0]?.columns[0]?.meta_data;
  if (meta === undefined) throw new Error('no column chunk');
  meta.encodings = [encoding];
}

/** Points page index `n` at the column chunk at `at` (row group, column). */
function indexChunk(groups: Tampered, n: number, at: [number, number]): void {
  const index = groups.indexes[n];
  if (index === undefined) throw new Error('no page index');
  index.chunk = at;
}

/** A copy of the encoded part at `path` whose metadata `edit` changed. */
function tamper(path: string, edit: (groups: Tampered) => void): string {
  const bytes = readFileSync(path);
  const dataEnd = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
  // The test's own part: its shape is known, and the table must refuse whatever the edit did.
  const groups: Tampered = JSON.parse(bytes.subarray(dataEnd, bytes.length - 8).toString('utf8'));
  edit(groups);
  const out = join(dir, `${parts++}.part`);
  writeFileSync(out, trailed(bytes.subarray(0, dataEnd), Buffer.from(JSON.stringify(groups))));
  return out;
}

/** Column chunk bytes followed by `metadata` and the trailer, as encoded-part.ts lays them out. */
function trailed(chunks: Buffer, metadata: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(metadata.length);
  return Buffer.concat([chunks, metadata, length, Buffer.from('XPJ1')]);
}
