/**
 * Text for numbers, sizes, rates, durations and errors as the UI shows them. Pure functions so
 * that the 10 Hz progress views stay cheap and the output is unit-tested.
 */
import type { FileResult, XmlError } from '../../shared/results';

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
const EMPTY = '—';

/** Decimal units (1 kB = 1000 B), like file managers on macOS and most disk tools. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return EMPTY;
  let value = bytes;
  let unit = 0;
  while (value >= 999.95 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const digits = value < 99.95 ? 1 : 0;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return `0 B/s`;
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** The average rate of a finished run, "21.4 MB/s avg"; a dash when nothing was measured. */
export function formatAverageRate(bytes: number, elapsedMs: number): string {
  if (!(bytes > 0) || !(elapsedMs > 0) || !Number.isFinite(bytes / elapsedMs)) return EMPTY;
  return `${formatRate((bytes * 1000) / elapsedMs)} avg`;
}

/** Always in MB/s, so a column of worker rates lines up and compares at a glance. */
export function formatMegabytesPerSecond(bytesPerSecond: number): string {
  const value = Number.isFinite(bytesPerSecond) && bytesPerSecond > 0 ? bytesPerSecond / 1e6 : 0;
  return `${value.toFixed(1)} MB/s`;
}

/** "0:05", "12:34", "1:02:03". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return EMPTY;
  const totalSeconds = Math.floor(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${minutes}:${ss}`;
}

/** Elapsed time: tenths of a second for short runs (a sub-second run is not "0:00"), then "0:12". */
export function formatElapsed(ms: number): string {
  if (Number.isFinite(ms) && ms >= 0 && ms < 10_000)
    return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  return formatDuration(ms);
}

export function formatEta(ms: number | null): string {
  return ms === null ? EMPTY : formatDuration(Math.ceil(ms / 1000) * 1000);
}

/** done / total clamped to 0..1; 0 when the total is unknown. */
export function fraction(done: number, total: number): number {
  if (!Number.isFinite(done) || !Number.isFinite(total) || total <= 0) return 0;
  return Math.min(1, Math.max(0, done / total));
}

export function formatPercent(value: number): string {
  return `${Math.round(fraction(value, 1) * 100)}%`;
}

/** One formatter for all counts: building one per call is slow enough to matter at 10 Hz. */
const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}

export function pluralize(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** "3 files · 1.2 MB". Unknown sizes (unreadable paths) count as 0 bytes. */
export function formatInputCount(files: number, bytes: number): string {
  return `${pluralize(files, 'file', 'files')} · ${formatBytes(bytes)}`;
}

/** The last segment of a POSIX or Windows path. */
export function baseName(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut === -1 ? trimmed : trimmed.slice(cut + 1);
}

/** "orders/2024/a.xml" → folder "orders/2024/", base "a.xml"; the folder is '' for a bare name. */
export function splitDisplayPath(path: string): { folder: string; base: string } {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut === -1
    ? { folder: '', base: path }
    : { folder: path.slice(0, cut + 1), base: path.slice(cut + 1) };
}

/** `line:column message`, or the message alone when the error has no position. */
export function formatError(error: XmlError): string {
  if (error.line !== null && error.column !== null) {
    return `${error.line}:${error.column} ${error.message}`;
  }
  if (error.line !== null) return `${error.line} ${error.message}`;
  return error.message;
}

/** The first error of a failed result, formatted; '' for a successful one. */
export function firstErrorText(result: FileResult): string {
  const first = result.errors[0];
  return first ? formatError(first) : '';
}
