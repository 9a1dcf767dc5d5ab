/**
 * `--joblog FILE`: the timeline in GNU parallel's joblog format, so the tools people already
 * use on joblogs (awk, spreadsheets, scripts written for `parallel --joblog`) read it. One
 * tab-separated line per task attempt, after a header line, in the order tasks started:
 *
 *   Seq         the attempt's number in start order, from 1 (a retry gets a number of its own)
 *   Host        the worker that ran it: `worker-N` (GNU parallel writes `:` for its local host)
 *   Starttime   when it was handed to the worker, seconds since the Unix epoch, 3 decimals
 *   JobRuntime  seconds from then until it ended, 3 decimals
 *   Send        bytes of XML it was given: its files' sizes, or its chunk's byte range
 *   Receive     always 0: a task returns results, not a byte stream
 *   Exitval     0 every file OK; 1 a file failed (as `xmlpool run` exits 1); 2 the worker
 *               crashed or ran out of memory; -1 xmlpool stopped it (timeout or cancel)
 *   Signal      15 when xmlpool stopped it (timeout or cancel), else 0
 *   Command     an `xmlpool run` command that processes the same files, shell-quoted; for a
 *               chunk, its whole file, and a comment that says which chunk it was
 */
import type { TimelineBar, TimelineFile, TimelineUpdate } from '../../shared/timeline';

export const JOBLOG_COLUMNS = [
  'Seq',
  'Host',
  'Starttime',
  'JobRuntime',
  'Send',
  'Receive',
  'Exitval',
  'Signal',
  'Command',
] as const;

export function* joblogLines(timeline: TimelineUpdate): Generator<string> {
  yield `${JOBLOG_COLUMNS.join('\t')}\n`;
  const files = new Map(timeline.files.map((file) => [file.index, file]));
  const workerOf = new Map(timeline.lanes.map((lane) => [lane.id, lane.workerId]));
  for (const bar of timeline.bars) {
    const end = bar.endMs ?? timeline.elapsedMs;
    const { exitval, signal } = exitOf(bar);
    yield `${[
      bar.id + 1,
      `worker-${workerOf.get(bar.lane) ?? 0}`,
      ((timeline.startedAt + bar.startMs) / 1000).toFixed(3),
      (Math.max(0, end - bar.startMs) / 1000).toFixed(3),
      bar.bytes,
      0,
      exitval,
      signal,
      commandOf(bar, timeline, files),
    ].join('\t')}\n`;
  }
}

function exitOf(bar: TimelineBar): { exitval: number; signal: number } {
  switch (bar.outcome) {
    case 'ok':
    case 'running':
      return { exitval: 0, signal: 0 };
    case 'failed':
      return { exitval: 1, signal: 0 };
    case 'cancelled':
      return { exitval: -1, signal: 15 };
    case 'retried':
    case 'crashed':
      return bar.fault === 'timeout' ? { exitval: -1, signal: 15 } : { exitval: 2, signal: 0 };
  }
}

function commandOf(
  bar: TimelineBar,
  timeline: TimelineUpdate,
  files: Map<number, TimelineFile>,
): string {
  const paths = bar.files.map((index) => shellQuote(files.get(index)?.path ?? `#${index}`));
  const rowTag =
    bar.chunk !== null && timeline.rowTag !== null ? ['--row-tag', timeline.rowTag] : [];
  const command = ['xmlpool', 'run', '--task', timeline.task, ...rowTag, ...paths].join(' ');
  if (bar.chunk === null) return command;
  const { seq, start, end } = bar.chunk;
  return `${command} # chunk ${seq + 1}, bytes ${start}-${end}`;
}

/**
 * Quotes for a POSIX shell: plain words as they are, others in single quotes. A name with a
 * control character (a tab or newline would break the joblog's line) uses bash's $'…' form.
 */
export function shellQuote(word: string): string {
  if (/^[\w/.,:+=@%-]+$/.test(word)) return word;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
  if (!/[\u0000-\u001f\u007f]/.test(word)) return `'${word.replaceAll("'", `'\\''`)}'`;
  const escaped = [...word]
    .map((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (char === '\\' || char === "'") return `\\${char}`;
      if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
      return char;
    })
    .join('');
  return `$'${escaped}'`;
}
