/** The tooltip of a timeline bar: its file(s), outcome, bytes, MB/s, duration and worker. */
import { barEnd, type TimelineBar, type TimelineFile } from '../shared/timeline';
import { barFilesText, bytesText, msText, rateText } from '../shared/timeline-text';
import type { TimelineModel } from './timeline-model';

export function describeBar(
  bar: TimelineBar,
  model: TimelineModel,
  /** How the host names a file (the app shows the name the user dropped). */
  fileAt: (index: number) => TimelineFile | undefined = (index) => model.fileAt(index),
): string[] {
  const duration = barEnd(bar, model.elapsedMs) - bar.startMs;
  const worker = model.lanes[bar.lane]?.workerId;
  const outcome = bar.fault === null ? bar.outcome : `${bar.outcome} (${bar.fault})`;
  const attempt = bar.attempt > 1 ? ` · attempt ${bar.attempt}` : '';
  const chunk = bar.chunk === null ? '' : ` · bytes ${bar.chunk.start}–${bar.chunk.end}`;
  return [
    barFilesText(bar, fileAt),
    `${outcome}${attempt}${chunk}`,
    `${bytesText(bar.bytes)} · ${msText(duration)} · ${rateText(bar.bytes, duration)}`,
    `worker #${worker ?? '?'} · from ${msText(bar.startMs)} to ${msText(barEnd(bar, model.elapsedMs))}`,
  ];
}
