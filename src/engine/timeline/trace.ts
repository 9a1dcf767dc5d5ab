/**
 * `--trace FILE.json`: the timeline in the Chrome Trace Event Format (the JSON object form),
 * which Perfetto (ui.perfetto.dev) and chrome://tracing open. One process, `xmlpool`; one track
 * (`tid`) per worker lane, named `worker N` and sorted in lane order; one complete event
 * (`ph: 'X'`) per task attempt, from its start to its end in microseconds since the run
 * started, its category the outcome; an instant event where a resize retired a worker.
 */
import type { TimelineBar, TimelineFile, TimelineUpdate } from '../../shared/timeline';
import { VERSION } from '../../shared/version';

const PID = 1;

export interface TraceEvent {
  name: string;
  ph: 'X' | 'M' | 'i';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  s?: 't';
  args?: Record<string, unknown>;
}

/** The trace file's text, in pieces (a big run's trace is written as it is made). */
export function* traceText(timeline: TimelineUpdate): Generator<string> {
  const otherData = {
    producer: `xmlpool ${VERSION}`,
    task: timeline.task,
    startedAt: new Date(timeline.startedAt).toISOString(),
    rowTag: timeline.rowTag,
  };
  yield `{"displayTimeUnit":"ms","otherData":${JSON.stringify(otherData)},"traceEvents":[\n`;
  let first = true;
  for (const event of traceEvents(timeline)) {
    yield `${first ? '' : ',\n'}${JSON.stringify(event)}`;
    first = false;
  }
  yield '\n]}\n';
}

export function* traceEvents(timeline: TimelineUpdate): Generator<TraceEvent> {
  yield {
    name: 'process_name',
    ph: 'M',
    pid: PID,
    tid: 0,
    args: { name: `xmlpool ${timeline.task}` },
  };
  for (const lane of timeline.lanes) {
    const tid = lane.id + 1;
    const retired = lane.retiredMs === null ? '' : ' (retired)';
    yield {
      name: 'thread_name',
      ph: 'M',
      pid: PID,
      tid,
      args: { name: `worker ${lane.workerId}${retired}` },
    };
    yield { name: 'thread_sort_index', ph: 'M', pid: PID, tid, args: { sort_index: lane.id } };
    if (lane.retiredMs !== null) {
      yield { name: 'worker retired', ph: 'i', s: 't', pid: PID, tid, ts: micros(lane.retiredMs) };
    }
  }
  const files = new Map(timeline.files.map((file) => [file.index, file]));
  for (const bar of timeline.bars) {
    const end = bar.endMs ?? timeline.elapsedMs;
    const names = bar.files.map((index) => files.get(index)?.relative ?? `#${index}`);
    yield {
      name: barName(bar, names),
      cat: bar.outcome,
      ph: 'X',
      pid: PID,
      tid: bar.lane + 1,
      ts: micros(bar.startMs),
      dur: micros(Math.max(0, end - bar.startMs)),
      args: barArgs(bar, names, files),
    };
  }
}

function barName(bar: TimelineBar, names: string[]): string {
  const [first = '?'] = names;
  if (bar.chunk !== null) return `${first} chunk ${bar.chunk.seq + 1}`;
  return names.length === 1 ? first : `${names.length} files (${first}, …)`;
}

function barArgs(
  bar: TimelineBar,
  names: string[],
  files: Map<number, TimelineFile>,
): Record<string, unknown> {
  return {
    outcome: bar.outcome,
    attempt: bar.attempt,
    bytes: bar.bytes,
    files: names,
    ...(bar.files.length === 1 ? { path: files.get(bar.files[0] ?? -1)?.path } : {}),
    ...(bar.chunk ? { chunk: bar.chunk } : {}),
    ...(bar.fault ? { fault: bar.fault } : {}),
  };
}

function micros(ms: number): number {
  return Math.round(ms * 1000);
}
