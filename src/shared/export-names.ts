/**
 * Default names for exported files, stamped with the local date and time of the export, so that
 * a second export does not collide with the first (or end up as "xmlpool-report (1).csv").
 */
import type { ReportFormat } from './results';
import type { TableFormat } from './tasks';

function stamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

/** e.g. `xmlpool-report-2026-11-26-033412.csv`, `xmlpool-errors-2026-11-26-033412.csv` */
export function reportFileName(format: ReportFormat, date: Date = new Date()): string {
  if (format === 'csv-errors') return `xmlpool-errors-${stamp(date)}.csv`;
  return `xmlpool-report-${stamp(date)}.${format}`;
}

/** e.g. `xmlpool-report-2026-11-26-033412.html` */
export function htmlReportFileName(date: Date = new Date()): string {
  return `xmlpool-report-${stamp(date)}.html`;
}

/** e.g. `xmlpool-outputs-2026-11-26-033412.zip` */
export function outputsZipName(date: Date = new Date()): string {
  return `xmlpool-outputs-${stamp(date)}.zip`;
}

/** e.g. `xmlpool-table-2026-11-26-033412.parquet` */
export function tableFileName(format: TableFormat, date: Date = new Date()): string {
  return `xmlpool-table-${stamp(date)}.${format}`;
}
