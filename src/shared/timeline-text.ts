/**
 * Text for the timeline's numbers (sizes, task durations, rates, shares), shared by the UI's
 * timeline, the HTML report the engine writes, and the report's own script: the three must
 * say the same thing the same way.
 */
import type { TimelineBar, TimelineFile } from './timeline';

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal units (1 kB = 1000 B), as everywhere in xmlpool. */
export function bytesText(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 999.95 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${value.toFixed(value < 99.95 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** A task's or a gap's length: "840 ms", "3.25 s", "1 min 05 s". */
export function msText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function rateText(bytes: number, ms: number): string {
  if (!(ms > 0) || !(bytes >= 0)) return '—';
  return `${((bytes / 1e6) * (1000 / ms)).toFixed(1)} MB/s`;
}

export function percentText(share: number): string {
  return `${Math.round(Math.min(1, Math.max(0, share)) * 100)}%`;
}

/** A bar's files in a few words: "a.xml", "a.xml and 11 more", "big.xml, chunk 3". */
export function barFilesText(
  bar: TimelineBar,
  fileAt: (index: number) => TimelineFile | undefined,
): string {
  const [first, ...rest] = bar.files;
  const name = first === undefined ? '?' : (fileAt(first)?.relative ?? `file #${first}`);
  if (bar.chunk !== null) return `${name}, chunk ${bar.chunk.seq + 1}`;
  return rest.length === 0 ? name : `${name} and ${rest.length} more`;
}
