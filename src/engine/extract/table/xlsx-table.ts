/**
 * XLSX tables, streamed: a small SpreadsheetML writer on yazl (the zip library the project
 * already has). Each sheet is a zip entry fed row by row, deflated as it goes, so memory stays
 * flat for any number of rows. A sheet holds at most 1,048,576 rows, Excel's limit, header
 * included; the next rows go to a new sheet with the header again. Strings are inline (no
 * shared-strings table to hold in memory), dates and datetimes are date-formatted serial numbers,
 * and text longer than 32,767 characters (Excel's limit per cell, which Excel refuses to open a
 * file past) is cut to that length; the file's result says so (see xlsx-cells.ts).
 *
 * Chosen over exceljs's streaming writer after measuring both on the same rows (see the report
 * on issue 12): this writer is faster, holds less memory, and adds no dependency.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { ZipFile } from 'yazl';
import type { ValueType } from '../../../shared/column-spec';
import { AtomicFile } from '../../fs/atomic-file';
import { parsePartRow, partLines } from './part-lines';
import { cellText } from './row-encoders';
import type { TableWriter, TableWriterOptions } from './table-writer';
import { escapeExcelSequences, xlsxText } from './xlsx-cells';

/** Excel's most rows in one sheet. */
export const EXCEL_MAX_ROWS = 1_048_576;

const MS_PER_DAY = 86_400_000;
/** One fixed time on every zip entry: the same rows always give the same bytes. */
const ZIP_TIME = new Date(2000, 0, 1);
/** Sheet XML is handed to the zip in pieces of about this many characters. */
const SHEET_WRITE_CHARS = 256 * 1024;
/** 1970-01-01 as an Excel serial day number (1900 date system). */
const EXCEL_EPOCH_DAYS = 25_569;
/** 1900-03-01 as an Excel serial: from here on the plain count from 1970 is right. */
const FIRST_REAL_MARCH_1900 = 61;
/** Style indexes in styles.xml: 0 general, 1 date, 2 date and time. */
const DATE_STYLE = 1;
const DATETIME_STYLE = 2;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '\r': '&#13;',
};

/** Text for an XML element; a CR is a reference, or a reader would turn CR LF into LF. */
export function escapeXml(text: string): string {
  return /[&<>\r]/.test(text) ? text.replace(/[&<>\r]/g, (c) => XML_ESCAPES[c] ?? c) : text;
}

/** A, B, …, Z, AA, AB, … */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

function stringCell(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(escapeExcelSequences(xlsxText(text)))}</t></is></c>`;
}

/**
 * The Excel serial day number of a time (1900 date system), or null before 1900-01-01, where
 * that system has none. Excel counts a 29 February 1900 that never was (serial 60, kept from
 * Lotus 1-2-3), so days before 1 March 1900 are one lower than a plain count from 1970 gives.
 */
export function excelSerial(ms: number): number | null {
  const days = ms / MS_PER_DAY + EXCEL_EPOCH_DAYS;
  if (days >= FIRST_REAL_MARCH_1900) return days;
  return days - 1 >= 1 ? days - 1 : null;
}

function scalarCell(ref: string, value: unknown, type: ValueType): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'int':
    case 'number':
      return `<c r="${ref}"><v>${String(value)}</v></c>`;
    case 'bool':
      return `<c r="${ref}" t="b"><v>${value === true ? 1 : 0}</v></c>`;
    case 'date':
    case 'datetime': {
      const ms = Date.parse(type === 'date' ? `${String(value)}T00:00:00Z` : String(value));
      const serial = excelSerial(ms);
      // Before 1900 Excel has no date: the value stays readable as text.
      if (serial === null) return stringCell(ref, String(value));
      return `<c r="${ref}" s="${type === 'date' ? DATE_STYLE : DATETIME_STYLE}"><v>${serial}</v></c>`;
    }
    case 'string':
      return stringCell(ref, String(value));
  }
}

export class XlsxTableWriter implements TableWriter {
  private readonly zip = new ZipFile();
  private readonly letters: string[];
  private readonly maxRows: number;
  private sheet: PassThrough | null = null;
  private sheets = 0;
  /** Rows in the current sheet, header included. */
  private sheetRows = 0;
  private readonly copied: Promise<void>;

  private constructor(
    private readonly file: AtomicFile,
    private readonly options: TableWriterOptions,
  ) {
    this.letters = options.columns.map((_, i) => columnLetters(i));
    this.maxRows = options.maxSheetRows ?? EXCEL_MAX_ROWS;
    this.copied = this.copyZip();
    // A failed copy is awaited (and thrown) by commit; never an unhandled rejection meanwhile.
    this.copied.catch(() => undefined);
  }

  static async create(options: TableWriterOptions): Promise<XlsxTableWriter> {
    const file = await AtomicFile.create(options.path, { makeFolders: false });
    const writer = new XlsxTableWriter(file, options);
    await writer.startSheet();
    return writer;
  }

  private async copyZip(): Promise<void> {
    for await (const chunk of this.zip.outputStream) {
      if (chunk instanceof Uint8Array) await this.file.writeBytes(chunk);
    }
  }

  /** Sheet XML not yet handed to the zip: one stream write per row costs more than the row. */
  private pending: string[] = [];
  private pendingChars = 0;

  private async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= SHEET_WRITE_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const sheet = this.sheet;
    if (sheet === null || this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (!sheet.write(text)) await once(sheet, 'drain');
  }

  private async startSheet(): Promise<void> {
    this.sheets++;
    const sheet = new PassThrough();
    this.sheet = sheet;
    this.zip.addReadStream(sheet, `xl/worksheets/sheet${this.sheets}.xml`, {
      compressionLevel: 1,
      mtime: ZIP_TIME,
    });
    this.sheetRows = 0;
    await this.write(`${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>`);
    await this.writeRow(
      this.options.columns.map((column) => column.name),
      true,
    );
  }

  private async endSheet(): Promise<void> {
    const sheet = this.sheet;
    if (sheet === null) return;
    await this.write('</sheetData></worksheet>');
    await this.flush();
    sheet.end();
    this.sheet = null;
  }

  private async writeRow(cells: readonly unknown[], header = false): Promise<void> {
    if (this.sheetRows === this.maxRows) {
      await this.endSheet();
      await this.startSheet();
    }
    this.sheetRows++;
    const r = this.sheetRows;
    let xml = `<row r="${r}">`;
    const columns = this.options.columns;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      const cell = cells[i];
      if (column === undefined || cell === null || cell === undefined) continue;
      const ref = `${this.letters[i]}${r}`;
      if (header) xml += stringCell(ref, String(cell));
      else if (Array.isArray(cell)) xml += stringCell(ref, cellText(cell, this.options.join));
      else xml += scalarCell(ref, cell, column.type);
    }
    await this.write(`${xml}</row>`);
  }

  async appendPart(path: string): Promise<void> {
    for await (const lines of partLines(path)) {
      for (const line of lines) {
        await this.writeRow(parsePartRow(line, this.options.columns.length));
      }
    }
  }

  async commit(): Promise<void> {
    await this.endSheet();
    const names = Array.from({ length: this.sheets }, (_, i) => `Sheet${i + 1}`);
    const add = (text: string, name: string) =>
      this.zip.addBuffer(Buffer.from(text), name, { mtime: ZIP_TIME });
    add(workbookXml(names), 'xl/workbook.xml');
    add(workbookRels(names.length), 'xl/_rels/workbook.xml.rels');
    add(STYLES_XML, 'xl/styles.xml');
    add(ROOT_RELS, '_rels/.rels');
    add(contentTypes(names.length), '[Content_Types].xml');
    this.zip.end();
    await this.copied;
    await this.file.commit({ durable: true });
  }

  async discard(): Promise<void> {
    // The copy loop then fails on the closed file; its rejection is already handled.
    this.sheet?.destroy();
    await this.file.discard();
  }
}

function workbookXml(names: readonly string[]): string {
  const sheets = names
    .map((name, i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets}</sheets></workbook>`;
}

const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const SHEET_REL = `${REL_NS}/worksheet`;

function workbookRels(sheets: number): string {
  const rels = Array.from(
    { length: sheets },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${SHEET_REL}" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  const styles = `<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`;
  return `${XML_HEAD}<Relationships xmlns="${RELS_NS}">${rels}${styles}</Relationships>`;
}

const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${RELS_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

function contentTypes(sheets: number): string {
  const ml = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const overrides = Array.from(
    { length: sheets },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ml}.worksheet+xml"/>`,
  ).join('');
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${ml}.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${ml}.styles+xml"/>` +
    `${overrides}</Types>`
  );
}

const STYLES_XML =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '</styleSheet>';
