/**
 * CSV, TSV and NDJSON tables: a header line, then the workers' row parts copied byte for byte
 * (their rows are already in final form, see row-encoders.ts).
 */
import { open } from 'node:fs/promises';
import { csvField, UTF8_BOM } from '../../export/csv';
import { guardFormula } from '../../export/formula-guard';
import { AtomicFile } from '../../fs/atomic-file';
import { tsvField } from './row-encoders';
import type { TableWriter, TableWriterOptions } from './table-writer';

const COPY_BYTES = 1024 * 1024;

export function headerLine(options: TableWriterOptions): string {
  const names = options.columns.map((column) => column.name);
  const bom = options.bom ? UTF8_BOM : '';
  switch (options.format) {
    case 'csv':
      return `${bom}${names.map((name) => csvField(guardFormula(name))).join(',')}\r\n`;
    case 'tsv':
      return `${bom}${names.map((name) => tsvField(guardFormula(name))).join('\t')}\n`;
    default:
      return '';
  }
}

export class TextTableWriter implements TableWriter {
  private readonly buffer = Buffer.allocUnsafe(COPY_BYTES);

  private constructor(private readonly file: AtomicFile) {}

  static async create(options: TableWriterOptions): Promise<TextTableWriter> {
    const file = await AtomicFile.create(options.path, { makeFolders: false });
    try {
      await file.write(headerLine(options));
    } catch (error) {
      await file.discard();
      throw error;
    }
    return new TextTableWriter(file);
  }

  async appendPart(path: string): Promise<void> {
    const source = await open(path, 'r');
    try {
      for (;;) {
        const { bytesRead } = await source.read(this.buffer, 0, this.buffer.length, null);
        if (bytesRead === 0) break;
        await this.file.writeBytes(this.buffer.subarray(0, bytesRead));
      }
    } finally {
      await source.close();
    }
  }

  async commit(): Promise<void> {
    await this.file.commit({ durable: true });
  }

  async discard(): Promise<void> {
    await this.file.discard();
  }
}
