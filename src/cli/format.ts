/** Human-readable numbers for the terminal. */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** Decimal units, as the benchmark's MB/s: 1 MB = 1,000,000 bytes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor(seconds / 60) % 60)}m`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
