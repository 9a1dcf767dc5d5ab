/**
 * Extract jobs on the real pool (built worker script): the table of a 1-worker run equals the
 * table of a 2-worker run byte for byte, rows in input order then document order, and the
 * progress counts the rows. Parquet too, with a file big enough that the workers encode its row
 * groups (extract/table/parquet-layout.ts) between small files whose rows the main side encodes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, expect, inject, it } from 'vitest';
import { parseColumnSpec } from '../../shared/column-spec';
import type { JobProgress } from '../../shared/progress';
import { DEFAULT_JOB_OPTIONS, type JobOptions, type TableFormat } from '../../shared/tasks';
import type { ExpandedInput } from '../input/types';
import { startJob } from '../job';
import { PARQUET_GRID_BYTES } from './table/parquet-layout';

const dir = mkdtempSync(join(tmpdir(), 'xmlpool-extract-job-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function input(name: string, records: number, first: number): ExpandedInput {
  const rows = Array.from(
    { length: records },
    (_, i) => `<rec id="${first + i}"><v>${'x'.repeat((first + i) % 50)}, "${i}"</v></rec>`,
  );
  const path = join(dir, name);
  const text = `<root>${rows.join('\n')}</root>`;
  writeFileSync(path, text);
  return { path, relative: name, size: Buffer.byteLength(text), error: null };
}

/** Extract `id` (an int) and `v` of every <rec>, after the source column `file`. */
function idAndValueOptions(workers: number, format: TableFormat): JobOptions {
  return {
    ...DEFAULT_JOB_OPTIONS,
    task: 'extract',
    workers,
    rowTag: 'rec',
    extract: {
      ...DEFAULT_JOB_OPTIONS.extract,
      format,
      columns: parseColumnSpec('id=@id:int, v=v'),
      sourceColumn: 'file',
    },
  };
}

it('writes the same table with 1 and 2 workers, in input order', async () => {
  // Sizes differ so the largest-first dispatch finishes files out of input order.
  const inputs = [input('a.xml', 10, 0), input('b.xml', 3000, 10), input('c.xml', 200, 3010)];
  const tables: string[] = [];
  for (const workers of [1, 2]) {
    const options = idAndValueOptions(workers, 'csv');
    const tablePath = join(dir, `table-${workers}.csv`);
    const seen: JobProgress[] = [];
    const job = startJob(
      inputs,
      options,
      { workerScript: inject('workerScript'), tempRoot: dir, tablePath },
      { onProgress: (progress) => seen.push(progress) },
    );
    const summary = await job.done;
    expect(summary.table).toEqual({ path: tablePath, format: 'csv', rows: 3210, error: null });
    expect(seen.at(-1)?.rows).toBe(3210);
    await summary.dispose();
    tables.push(readFileSync(tablePath, 'utf8'));
  }
  expect(tables[1]).toBe(tables[0]);
  const lines = (tables[0] ?? '').trim().split('\r\n');
  expect(lines[0]).toBe('file,id,v');
  expect(lines.slice(1).map((line) => Number(line.split(',')[1]))).toEqual(
    Array.from({ length: 3210 }, (_, i) => i),
  );
});

it('writes the same Parquet table with 1 and 2 workers when the workers encode row groups', async () => {
  // Just over one cell of the grid: split in two chunks, each encoded by a worker.
  let records = 0;
  const pieces: string[] = ['<root>\n'];
  for (let bytes = 0; bytes < PARQUET_GRID_BYTES + 256 * 1024; records++) {
    const record = `<rec id="${1000 + records}"><v>${'x'.repeat(records % 50)}</v></rec>\n`;
    pieces.push(record);
    bytes += record.length;
  }
  pieces.push('</root>\n');
  const bigPath = join(dir, 'big.xml');
  writeFileSync(bigPath, pieces.join(''));
  const big: ExpandedInput = {
    path: bigPath,
    relative: 'big.xml',
    size: readFileSync(bigPath).length,
    error: null,
  };
  const inputs = [input('first.xml', 1000, 0), big, input('last.xml', 5, 2_000_000)];
  const tables: Buffer[] = [];
  for (const workers of [1, 2]) {
    const options = idAndValueOptions(workers, 'parquet');
    const tablePath = join(dir, `table-${workers}.parquet`);
    const job = startJob(inputs, options, {
      workerScript: inject('workerScript'),
      tempRoot: dir,
      tablePath,
    });
    const summary = await job.done;
    const rows = 1000 + records + 5;
    expect(summary.table).toEqual({ path: tablePath, format: 'parquet', rows, error: null });
    for await (const result of summary.results()) {
      if (result.file === bigPath) expect(result.split?.chunks).toBe(2);
    }
    await summary.dispose();
    tables.push(readFileSync(tablePath));
  }
  expect(tables[1]?.equals(tables[0] ?? Buffer.alloc(0))).toBe(true);
  const file = Uint8Array.from(tables[0] ?? []).buffer;
  const metadata = parquetMetadata(file);
  expect(metadata.num_rows).toBe(BigInt(1000 + records + 5));
  // The first file's rows end a row group of their own, where the big file's begin.
  expect(metadata.row_groups[0]?.num_rows).toBe(1000n);
  const edges = await parquetReadObjects({ file, rowStart: 999, rowEnd: 1001 });
  expect(edges).toEqual([
    { file: 'first.xml', id: 999n, v: `${'x'.repeat(999 % 50)}, "999"` },
    { file: 'big.xml', id: 1000n, v: '' },
  ]);
  const tail = await parquetReadObjects({ file, rowStart: 1000 + records - 1 });
  expect(tail.map((row) => row.id)).toEqual([
    BigInt(1000 + records - 1),
    ...[0, 1, 2, 3, 4].map((i) => BigInt(2_000_000 + i)),
  ]);
});

it('keeps the table when an input fails before any worker reads it', async () => {
  // A missing file fails while the job is planned, without a worker; the table used to wait for
  // it and was then dropped as incomplete ("missing files from input 1 on").
  const good = input('good.xml', 3, 0);
  const missing: ExpandedInput = {
    path: join(dir, 'missing.xml'),
    relative: 'missing.xml',
    size: null,
    error: { kind: 'io', line: null, column: null, offset: null, message: 'no such file' },
  };
  const tablePath = join(dir, 'table-missing.csv');
  const options: JobOptions = {
    ...DEFAULT_JOB_OPTIONS,
    task: 'extract',
    workers: 1,
    rowTag: 'rec',
    extract: { ...DEFAULT_JOB_OPTIONS.extract, columns: parseColumnSpec('id=@id:int') },
  };
  for (const inputs of [
    [good, missing],
    [missing, good],
  ]) {
    const job = startJob(inputs, options, {
      workerScript: inject('workerScript'),
      tempRoot: dir,
      tablePath,
    });
    const summary = await job.done;
    expect(summary.table).toEqual({ path: tablePath, format: 'csv', rows: 3, error: null });
    expect(readFileSync(tablePath, 'utf8')).toBe('id\r\n0\r\n1\r\n2\r\n');
    await summary.dispose();
  }
});
