/**
 * The report's timeline as inline SVG, readable with JavaScript off: one row per worker lane,
 * each pixel column coloured by the most telling outcome of its tasks (timeline-raster.ts).
 * With JavaScript on, the report's script puts the interactive canvas timeline in its place.
 */
import type { TimelineBar, TimelineUpdate } from '../../shared/timeline';
import { columnRuns, rasterizeLane } from '../../shared/timeline-raster';
import { msText } from '../../shared/timeline-text';
import { escapeHtml } from './html-text';

const WIDTH = 1000;
const LABEL_WIDTH = 110;
const AXIS_HEIGHT = 20;
const LANE_HEIGHT = 18;
const LANE_GAP = 6;

export function staticTimelineSvg(timeline: TimelineUpdate): string {
  const span = Math.max(timeline.elapsedMs, 1);
  const plotWidth = WIDTH - LABEL_WIDTH;
  const height = AXIS_HEIGHT + timeline.lanes.length * (LANE_HEIGHT + LANE_GAP);
  const x = (ms: number): number => LABEL_WIDTH + (ms / span) * plotWidth;
  const byLane = new Map<number, TimelineBar[]>();
  for (const bar of timeline.bars) byLane.set(bar.lane, [...(byLane.get(bar.lane) ?? []), bar]);

  const parts: string[] = [];
  for (const tick of ticks(span)) {
    const at = x(tick).toFixed(1);
    parts.push(
      `<line class="tick" x1="${at}" x2="${at}" y1="${AXIS_HEIGHT - 4}" y2="${height}"/>`,
      `<text class="tick-label" x="${at}" y="${AXIS_HEIGHT - 7}">${escapeHtml(msText(tick))}</text>`,
    );
  }
  timeline.lanes.forEach((lane, row) => {
    const y = AXIS_HEIGHT + row * (LANE_HEIGHT + LANE_GAP) + LANE_GAP / 2;
    const label = `#${lane.workerId}${lane.retiredMs === null ? '' : ' retired'}`;
    parts.push(
      `<g class="lane" data-lane="${lane.id}" data-worker-id="${lane.workerId}"${lane.retiredMs === null ? '' : ' data-retired="true"'}>`,
      `<text class="lane-label" x="4" y="${y + LANE_HEIGHT - 5}">${escapeHtml(label)}</text>`,
      `<rect class="lane-track" x="${LABEL_WIDTH}" y="${y}" width="${plotWidth}" height="${LANE_HEIGHT}"/>`,
    );
    const columns = rasterizeLane(byLane.get(lane.id) ?? [], 0, span, plotWidth, span);
    for (const run of columnRuns(columns)) {
      parts.push(
        `<rect class="bar o-${run.outcome}" x="${LABEL_WIDTH + run.start}" y="${y}" width="${run.end - run.start}" height="${LANE_HEIGHT}"/>`,
      );
    }
    if (lane.retiredMs !== null) {
      const at = x(lane.retiredMs).toFixed(1);
      parts.push(
        `<line class="retired-mark" x1="${at}" x2="${at}" y1="${y - 2}" y2="${y + LANE_HEIGHT + 2}"/>`,
      );
    }
    parts.push('</g>');
  });
  const tasks = timeline.bars.length;
  const label = `Timeline: ${tasks} task${tasks === 1 ? '' : 's'} on ${timeline.lanes.length} worker lane${timeline.lanes.length === 1 ? '' : 's'}`;
  return `<svg class="static-timeline" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="${escapeHtml(label)}" data-bars="${tasks}">${parts.join('')}</svg>`;
}

/** Round tick positions, about six over the span. */
export function ticks(spanMs: number): number[] {
  const rough = spanMs / 6;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-3)));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? rough;
  const result: number[] = [];
  for (let t = 0; t <= spanMs + 1e-9; t += step) result.push(t);
  return result;
}
