/**
 * A split file's table is byte-for-byte the table of the whole file, in every format, whatever
 * the chunk size (records cut at many different places), with a bad value, a cell too long for
 * Excel, a syntax error late in the file under both --on-error policies, and row tags in comments
 * and CDATA.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { type ColumnSpec, parseColumnSpec } from '../../shared/column-spec';
import type { FileResult } from '../../shared/results';
import {
  type BadValuePolicy,
  type FileErrorPolicy,
  type JobOptions,
  type NamespaceBinding,
  TABLE_FORMATS,
  type TableFormat,
} from '../../shared/tasks';
import { planSplit } from '../split/plan';
import { processSplitFile } from '../split/process-split-file';
import {
  inProcessSubmit,
  jobOptions,
  taskContext,
  tempDirForTests,
} from '../split/split-test-support';
import type { FileRef, TaskContext } from '../tasks/types';
import { extractFile } from './extract-file';
import type { ParquetLayout } from './table/parquet-layout';
import { tableColumns } from './table/table-columns';
import { createTableWriter } from './table/table-writer';
import { TableAssembler } from './table-assembler';

const temp = tempDirForTests();
let runs = 0;

/**
 * Parquet row groups at the scale of these files: a worker encodes those of a file of 2 KiB or
 * more, in cells of 2 KiB (about 14 records), cut again at 5 rows or 600 characters.
 */
const LAYOUT: ParquetLayout = { gridBytes: 2048, rowGroupRows: 5, rowGroupChars: 600 };

function recordsXml(count: number, broken: boolean): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const trap = i % 7 === 0 ? `<!-- <rec id="x"> --><![CDATA[</rec>]]>` : '';
    const price = i === 40 ? 'n/a' : `${(i * 1.25).toFixed(2)}`;
    const tags = Array.from({ length: i % 3 }, (_, t) => `<tag>t${t},"${i}"</tag>`).join('');
    // One name past Excel's cell limit: cut in XLSX, with a warning a split run must repeat.
    const long = i === 100 ? 'L'.repeat(33_000) : '';
    return `  <rec id="${i}" when="2024-01-${String((i % 28) + 1).padStart(2, '0')}">${trap}<name>=n${i} &amp; é${long}</name><price>${price}</price><tags>${tags}</tags></rec>\n`;
  });
  if (broken) rows.splice(count - 30, 0, '  <rec id="bad"><name>oops</nam></rec>\n');
  return `<?xml version="1.0"?>\n<root>\n${rows.join('')}</root>\n`;
}

const COLUMNS = parseColumnSpec(
  'id=@id, when=@when:date, name=name, price=price:number, tags=tags/tag:string[], n=@id:int',
);

/** One extraction: the table's format, the policies, the layout and what the records are. */
interface Run {
  format: TableFormat;
  onError?: FileErrorPolicy;
  onBadValue?: BadValuePolicy;
  layout?: ParquetLayout;
  rowTag?: string;
  namespaces?: NamespaceBinding[];
  columns?: ColumnSpec[];
}

function options(run: Run): JobOptions {
  return jobOptions('extract', {
    rowTag: run.rowTag ?? 'rec',
    extract: {
      ...jobOptions('extract').extract,
      columns: run.columns ?? COLUMNS,
      namespaces: run.namespaces ?? [],
      format: run.format,
      onError: run.onError ?? 'keep-rows',
      onBadValue: run.onBadValue ?? 'null',
      sourceColumn: 'file',
    },
  });
}

function context(run: Run, outputDir: string): TaskContext {
  return { ...taskContext(options(run), outputDir), parquetLayout: run.layout ?? LAYOUT };
}

/** Runs `produce` (which leaves the file's parts in place) and assembles them into a table. */
async function table(
  run: Run,
  produce: (outputDir: string) => Promise<FileResult>,
): Promise<{ bytes: Buffer; result: FileResult }> {
  const outputDir = join(temp.path, `out-${runs++}`);
  const opts = options(run);
  const path = join(temp.path, `table-${runs}.${run.format}`);
  const writer = await createTableWriter({
    path,
    format: run.format,
    columns: tableColumns(opts.extract),
    bom: false,
    join: opts.extract.join,
  });
  const assembler = new TableAssembler(writer, outputDir, 1);
  const result = await produce(outputDir);
  assembler.fileDone({ ...result, index: 0 });
  const assembled = await assembler.finish();
  expect(assembled.error).toBeNull();
  return { bytes: await readFile(path), result };
}

async function wholeTable(file: FileRef, run: Run) {
  return table(run, (outputDir) => extractFile({ ...file, index: 0 }, context(run, outputDir)));
}

async function splitTable(file: FileRef, run: Run, chunkBytes: number, minChunks = 4) {
  return table(run, async (outputDir) => {
    const opts = options(run);
    const plan = await planSplit({ ...file, index: 0 }, opts.rowTag ?? 'rec', 2, opts, {
      minFileBytes: 0,
      minChunkBytes: chunkBytes,
      maxChunkBytes: chunkBytes,
      headBytes: 4096,
      gridBytes: (run.layout ?? LAYOUT).gridBytes,
    });
    expect(plan?.chunks.length).toBeGreaterThanOrEqual(minChunks);
    if (!plan) throw new Error('not split');
    const { submit } = inProcessSubmit(context(run, outputDir));
    return processSplitFile({ ...file, index: 0 }, plan, opts, submit);
  });
}

/** The random documents' prolog: an entity whose replacement text holds two records. */
const RANDOM_PROLOG = `<?xml version="1.0"?>\n<!DOCTYPE root [<!ENTITY two "<rec id='e1'><name>e</name></rec><rec id='e2'/>">]>\n`;

describe('split extract tables', () => {
  it.each(TABLE_FORMATS)(
    '%s: split runs equal the whole-file run, byte for byte',
    async (format) => {
      const file = await temp.write(`ok-${format}.xml`, recordsXml(400, false));
      const whole = await wholeTable(file, { format });
      expect(whole.result.extract).toEqual({ rows: 400, badValues: 1 });
      expect(whole.result.warnings?.map((w) => w.code)).toEqual(
        format === 'xlsx' ? ['bad-values', 'xlsx-cell-truncated'] : ['bad-values'],
      );
      // Record 40 is on line 43; its <price> value starts at column 66.
      expect(whole.result.warnings?.[0]?.message).toMatch(
        / "n\/a" is not a number \(line 43, column 66\)$/,
      );
      for (const chunkBytes of [4099, 6151, 9973]) {
        const split = await splitTable(file, { format }, chunkBytes);
        expect(split.result.extract).toEqual(whole.result.extract);
        expect(split.result.warnings).toEqual(whole.result.warnings);
        expect(split.bytes.equals(whole.bytes)).toBe(true);
      }
    },
  );

  it('Parquet: records nested in other elements across the grid give the same bytes split', async () => {
    // Runs of records inside <group> elements longer than a grid cell: a chunk can only start at a
    // record that is a child of the root, so a cell's line inside a group must not cut.
    const body = Array.from({ length: 30 }, (_, g) => {
      const recs = Array.from(
        { length: 8 + ((g * 5) % 30) },
        (_, i) => `<rec id="${g}-${i}"><name>n${i}</name><price>${i}</price></rec>\n`,
      ).join('');
      return g % 3 === 0 ? `<group n="${g}">\n${recs}</group>\n` : recs;
    }).join('');
    const file = await temp.write('groups.xml', `<root>\n${body}</root>\n`);
    const whole = await wholeTable(file, { format: 'parquet' });
    for (const chunkBytes of [2049, 4099, 6151]) {
      const split = await splitTable(file, { format: 'parquet' }, chunkBytes);
      expect(split.result.extract).toEqual(whole.result.extract);
      expect(split.bytes.equals(whole.bytes)).toBe(true);
    }
  });

  it('Parquet: random documents give the same bytes split as whole, whatever the grid', async () => {
    const name = fc
      .stringMatching(/^[a-z &;<>"é]{0,12}$/)
      .map((text) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'));
    const record = fc
      .record({ name, price: fc.integer({ min: -99, max: 999 }), long: fc.nat(2500) })
      .map(
        ({ name, price, long }) =>
          `<rec id="${price}"><name>${name}${long > 2000 ? 'L'.repeat(long) : ''}</name>` +
          `<price>${price}</price><tags><tag>${name}</tag></tags></rec>\n`,
      );
    const item = fc.oneof(
      { weight: 6, arbitrary: record },
      // A run of records inside another element: a chunk never starts at them.
      {
        weight: 2,
        arbitrary: fc
          .array(record, { maxLength: 12 })
          .map((recs) => `<group>${recs.join('')}</group>\n`),
      },
      // Row tags a byte search finds but the scanner does not take for records.
      { weight: 1, arbitrary: fc.constantFrom('<!-- <rec id="c"> -->\n', '<?pi <rec?>\n') },
      // Records from an entity's replacement text: a chunk never starts at them either.
      { weight: 1, arbitrary: fc.constant('&two;\n') },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { minLength: 20, maxLength: 120 }),
        fc.constantFrom(512, 1024, 2048),
        fc.integer({ min: 400, max: 6000 }),
        fc.integer({ min: 2, max: 30 }),
        fc.integer({ min: 100, max: 3000 }),
        async (items, gridBytes, chunkBytes, rowGroupRows, rowGroupChars) => {
          const file = await temp.write(
            `random-${runs}.xml`,
            `${RANDOM_PROLOG}<root>\n${items.join('')}</root>\n`,
          );
          const layout = { gridBytes, rowGroupRows, rowGroupChars };
          const whole = await wholeTable(file, { format: 'parquet', layout });
          const split = await splitTable(file, { format: 'parquet', layout }, chunkBytes, 1);
          expect(split.result.extract).toEqual(whole.result.extract);
          expect(split.bytes.equals(whole.bytes)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it.each([
    {
      name: 'records from an entity',
      prolog: `<?xml version="1.0"?>\n<!DOCTYPE root [<!ENTITY two "<rec id='e1'><name>e</name></rec><rec id='e2'><name>f</name></rec>">]>\n<root>\n`,
      rec: (i: number) => `<rec id="${i}"><name>n${i}</name></rec>\n`,
      atLine: '&two;\n',
      run: { rowTag: 'rec', columns: parseColumnSpec('id=@id, name=name') },
    },
    {
      name: 'a record matched by namespace under another prefix',
      prolog: '<root xmlns:p="urn:x" xmlns:q="urn:x">\n',
      rec: (i: number) => `<p:rec id="${i}"/>\n`,
      atLine: '<q:rec id="q"/>\n',
      run: {
        rowTag: 'p:rec',
        namespaces: [{ prefix: 'p', uri: 'urn:x' }],
        columns: parseColumnSpec('id=@id'),
      },
    },
  ])('Parquet: $name just past each grid line gives the same bytes split', async (doc) => {
    // A chunk never starts at such a record (a split looks for `<rec` written in the document,
    // by its exact name), so a new cell must not cut a row group there either.
    const grid = 2048;
    let text = doc.prolog;
    for (let i = 0, line = grid; i < 600; i++) {
      if (Buffer.byteLength(text) >= line) {
        text += doc.atLine;
        line += grid;
      }
      text += doc.rec(i);
    }
    const file = await temp.write(`${doc.name}.xml`, `${text}</root>\n`);
    const run: Run = {
      format: 'parquet',
      layout: { gridBytes: grid, rowGroupRows: 1000, rowGroupChars: 1e9 },
      ...doc.run,
    };
    const whole = await wholeTable(file, run);
    const split = await splitTable(file, run, grid);
    expect(split.result.extract).toEqual(whole.result.extract);
    expect(split.bytes.equals(whole.bytes)).toBe(true);
  });

  it.each([
    { name: 'the default namespace', root: '<root xmlns="urn:b">', rec: 'rec', written: 'rec' },
    {
      name: 'other prefixes, the first in alphabetical order',
      root: '<root xmlns:z="urn:b" xmlns:b="urn:b">',
      rec: 'b:rec',
      written: 'b:rec',
    },
  ])('--ns: records written under $name are split there, as a whole run', async (doc) => {
    const grid = 2048;
    const records = Array.from(
      { length: 600 },
      (_, i) => `<${doc.rec} id="${i}"><z:name xmlns:z="urn:b">n${i}</z:name></${doc.rec}>\n`,
    );
    const file = await temp.write(
      `ns-${doc.rec}.xml`,
      `${doc.root}\n${records.join('')}<rec xmlns="urn:other" id="not"/>\n</root>\n`,
    );
    for (const format of ['csv', 'parquet'] as const) {
      const run: Run = {
        format,
        layout: { gridBytes: grid, rowGroupRows: 1000, rowGroupChars: 1e9 },
        rowTag: 'q:rec',
        namespaces: [{ prefix: 'q', uri: 'urn:b' }],
        columns: parseColumnSpec('id=@id, name=q:name'),
      };
      const whole = await wholeTable(file, run);
      expect(whole.result.extract).toEqual({ rows: 600, badValues: 0 });
      const split = await splitTable(file, run, grid);
      expect(split.result.split).toMatchObject({ rowTag: 'q:rec' });
      expect(split.result.split?.chunks).toBeGreaterThanOrEqual(4);
      expect(split.result.warnings).toBeUndefined();
      expect(split.bytes.equals(whole.bytes)).toBe(true);
    }
    const plan = await planSplit(
      { ...file, index: 0 },
      'q:rec',
      2,
      options({ format: 'csv', rowTag: 'q:rec', namespaces: [{ prefix: 'q', uri: 'urn:b' }] }),
      { minFileBytes: 0, minChunkBytes: grid, maxChunkBytes: grid, headBytes: 4096 },
    );
    expect(plan?.chunks[0]?.context).toMatchObject({ rowTag: doc.written });
  });

  it('--ns: does not split when the root binds no prefix to the namespace', async () => {
    const records = Array.from({ length: 600 }, (_, i) => `<b:rec xmlns:b="urn:b" id="${i}"/>\n`);
    const file = await temp.write('ns-on-records.xml', `<root>\n${records.join('')}</root>\n`);
    const opts = options({
      format: 'csv',
      rowTag: 'q:rec',
      namespaces: [{ prefix: 'q', uri: 'urn:b' }],
    });
    const tuning = { minFileBytes: 0, minChunkBytes: 2048, maxChunkBytes: 2048, headBytes: 4096 };
    expect(await planSplit({ ...file, index: 0 }, 'q:rec', 2, opts, tuning)).toBeNull();
  });

  it('Parquet: records over several cells, nested rows, errors and bad values, split or whole', async () => {
    const layout = { gridBytes: 2048, rowGroupRows: 7, rowGroupChars: 800 };
    const body = Array.from({ length: 120 }, (_, i) =>
      i % 37 === 3
        ? `<rec id="L${i}"><name>${'L'.repeat(7000)}</name><tags><tag><rec id="n"/></tag></tags><rec id="in"><name>x</name></rec></rec>\n`
        : `<rec id="${i}"><name>n${i}</name><price>${i}</price></rec>\n`,
    ).join('');
    const file = await temp.write('long.xml', `<?xml version="1.0"?>\n<root>\n${body}</root>\n`);
    const whole = await wholeTable(file, { format: 'parquet', layout });
    for (const chunkBytes of [2048, 4096, 6144]) {
      const split = await splitTable(file, { format: 'parquet', layout }, chunkBytes, 2);
      expect(split.bytes.equals(whole.bytes)).toBe(true);
    }
    for (const onError of ['keep-rows', 'skip-file'] as const) {
      for (const [name, broken, onBadValue] of [
        ['broken', true, 'null'],
        ['fail', false, 'fail'],
      ] as const) {
        const input = await temp.write(`${name}-${onError}.xml`, recordsXml(300, broken));
        const run: Run = { format: 'parquet', onError, onBadValue, layout };
        const expected = await wholeTable(input, run);
        expect(expected.result.ok).toBe(false);
        for (const chunkBytes of [2048, 4096]) {
          const split = await splitTable(input, run, chunkBytes, 2);
          expect(split.result.errors).toEqual(expected.result.errors);
          expect(split.result.extract).toEqual(expected.result.extract);
          expect(split.bytes.equals(expected.bytes)).toBe(true);
        }
      }
    }
  });

  it('Parquet: a worker-encoded table reads back as the main side would have written it', async () => {
    const file = await temp.write('grid.xml', recordsXml(400, false));
    expect(file.size).toBeGreaterThan(20 * LAYOUT.gridBytes);
    const encoded = await wholeTable(file, { format: 'parquet' });
    // A grid as big as the file: its rows go to the main side as JSON lines, as a small file's do.
    const mainSide = await wholeTable(file, {
      format: 'parquet',
      layout: { ...LAYOUT, gridBytes: file.size + 1 },
    });
    const read = (bytes: Buffer) => {
      const buffer = Uint8Array.from(bytes).buffer;
      return { metadata: parquetMetadata(buffer), rows: parquetReadObjects({ file: buffer }) };
    };
    const a = read(encoded.bytes);
    const b = read(mainSide.bytes);
    expect(await a.rows).toEqual(await b.rows);
    expect(a.metadata.num_rows).toBe(400n);
    // Every row group of 5 rows or fewer, and more of them than the row budget alone makes: the
    // grid cut them too.
    const sizes = a.metadata.row_groups.map((group) => Number(group.num_rows));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
    expect(sizes.length).toBeGreaterThan(400 / 5);
    expect(a.metadata.schema).toEqual(b.metadata.schema);
  });

  it.each(['keep-rows', 'skip-file'] as const)(
    'a late syntax error: %s gives the same table and result split or whole',
    async (policy) => {
      const file = await temp.write(`broken-${policy}.xml`, recordsXml(300, true));
      const whole = await wholeTable(file, { format: 'csv', onError: policy });
      const split = await splitTable(file, { format: 'csv', onError: policy }, 5003);
      expect(whole.result.ok).toBe(false);
      expect(split.result.errors).toEqual(whole.result.errors);
      expect(split.result.extract).toEqual(whole.result.extract);
      expect(whole.result.extract?.rows).toBe(policy === 'keep-rows' ? 270 : 0);
      // A skipped file's bad values are not in the table: none to count or warn of.
      expect(whole.result.extract?.badValues === 0).toBe(policy === 'skip-file');
      expect(split.result.warnings).toEqual(whole.result.warnings);
      expect((whole.result.warnings ?? []).some((w) => w.code === 'bad-values')).toBe(
        policy === 'keep-rows',
      );
      expect(split.bytes.toString()).toBe(whole.bytes.toString());
    },
  );

  it.each(['keep-rows', 'skip-file'] as const)(
    '--on-bad-value fail (%s): the same error, at the value, split or whole',
    async (policy) => {
      const file = await temp.write(`fail-${policy}.xml`, recordsXml(300, false));
      const whole = await wholeTable(file, { format: 'csv', onError: policy, onBadValue: 'fail' });
      expect(whole.result.errors).toMatchObject([{ kind: 'value', line: 43 }]);
      expect(whole.result.warnings).toBeUndefined();
      for (const chunkBytes of [4099, 6151]) {
        const split = await splitTable(
          file,
          { format: 'csv', onError: policy, onBadValue: 'fail' },
          chunkBytes,
        );
        expect(split.result.errors).toEqual(whole.result.errors);
        expect(split.result.extract).toEqual(whole.result.extract);
        expect(split.result.warnings).toBeUndefined();
        expect(split.bytes.toString()).toBe(whole.bytes.toString());
      }
    },
  );
});
