/**
 * The timeline drawn on a canvas, framework-free, for the React app and the HTML report alike:
 * one row per worker lane, one bar per task attempt coloured by outcome, a time axis, retired
 * lanes marked. Wheel zooms around the pointer, drag pans, double-click (or `0`) shows it all
 * again; the arrow keys pan and `+`/`-` zoom when it has focus. Hover shows a tooltip, a click
 * selects a bar.
 *
 * 100,000 tasks stay smooth: each lane's bars are searched (not scanned) for the visible span,
 * bars wider than a few pixels are drawn one by one, narrower ones are merged into pixel columns
 * that keep the most telling outcome (timeline-raster.ts), so one frame draws at most a few
 * rectangles per pixel column whatever the number of tasks. Redraws wait for the next animation
 * frame, and several requests in one frame draw once.
 */
import { barEnd, type TaskOutcome, type TimelineBar } from '../shared/timeline';
import { columnRuns, markBar, OUTCOME_RANK } from '../shared/timeline-raster';
import { msText } from '../shared/timeline-text';
import type { TimelineModel } from './timeline-model';

export const TIMELINE_LAYOUT = {
  /** CSS pixels. */
  labelWidth: 72,
  axisHeight: 20,
  rowHeight: 22,
  barHeight: 16,
} as const;

/** A bar at least this wide (CSS pixels) is drawn on its own; narrower ones are merged. */
const MIN_SEPARATE_WIDTH = 3;
const HOVER_TOLERANCE_PX = 3;
const DRAG_THRESHOLD_PX = 3;
const MIN_SPAN_MS = 1;

const OUTCOMES: readonly TaskOutcome[] = [
  'ok',
  'failed',
  'retried',
  'cancelled',
  'crashed',
  'running',
];

export interface TimelineCanvasOptions {
  /** The tooltip's lines for a bar. */
  describe(bar: TimelineBar): string[];
  /** A click on a bar. */
  onSelect?(bar: TimelineBar): void;
}

export class TimelineCanvas {
  readonly root: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLDivElement;
  private readonly resizeObserver: ResizeObserver;
  private width = 0;
  /** The visible span; null follows the whole timeline as it grows. */
  private view: { from: number; to: number } | null = null;
  private frame: number | null = null;
  private drag: { x: number; from: number; to: number; moved: boolean } | null = null;
  private hovered: TimelineBar | undefined;
  private selectedId: number | null = null;
  private drawnVersion = -1;
  /** Read from CSS once, and again when the colour scheme changes: reading forces a style pass. */
  private palette: ReturnType<TimelineCanvas['readColors']> | null = null;
  private readonly scheme = window.matchMedia('(prefers-color-scheme: dark)');
  private readonly onSchemeChange = (): void => {
    this.palette = null;
    this.invalidate();
  };

  constructor(
    host: HTMLElement,
    private readonly model: TimelineModel,
    private readonly options: TimelineCanvasOptions,
  ) {
    this.root = document.createElement('div');
    this.root.className = 'tl-root';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'tl-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.dataset.testid = 'timeline-canvas';
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'tl-tooltip';
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.dataset.testid = 'timeline-tooltip';
    this.tooltip.hidden = true;
    this.root.append(this.canvas, this.tooltip);
    host.append(this.root);

    this.canvas.addEventListener('wheel', this.onWheel, { passive: false });
    this.canvas.addEventListener('pointerdown', this.onPointerDown);
    this.canvas.addEventListener('pointermove', this.onPointerMove);
    this.canvas.addEventListener('pointerup', this.onPointerUp);
    this.canvas.addEventListener('pointerleave', this.onPointerLeave);
    this.canvas.addEventListener('dblclick', () => this.resetZoom());
    this.canvas.addEventListener('keydown', this.onKeyDown);
    this.resizeObserver = new ResizeObserver(() => this.measure());
    this.resizeObserver.observe(this.root);
    this.scheme.addEventListener('change', this.onSchemeChange);
    this.measure();
  }

  /** Redraw at the next frame (after the model changed). */
  invalidate(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.draw();
    });
  }

  /** Show the whole timeline, following it as it grows. */
  resetZoom(): void {
    this.view = null;
    this.invalidate();
  }

  /** Outline a bar (e.g. the selected result's); null for none. */
  select(barId: number | null): void {
    if (this.selectedId === barId) return;
    this.selectedId = barId;
    this.invalidate();
  }

  destroy(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.scheme.removeEventListener('change', this.onSchemeChange);
    this.root.remove();
  }

  /** The visible span in ms. */
  get span(): { from: number; to: number } {
    if (this.view !== null) return this.view;
    return { from: 0, to: Math.max(this.model.elapsedMs, MIN_SPAN_MS) };
  }

  /** The canvas x (CSS pixels) of a time, for tests and the tooltip. */
  xOf(ms: number): number {
    const { from, to } = this.span;
    return TIMELINE_LAYOUT.labelWidth + ((ms - from) / (to - from)) * this.plotWidth;
  }

  /** The canvas y (CSS pixels) of a lane's row middle. */
  yOf(lane: number): number {
    const row = this.rowOf(lane);
    return (
      TIMELINE_LAYOUT.axisHeight + row * TIMELINE_LAYOUT.rowHeight + TIMELINE_LAYOUT.rowHeight / 2
    );
  }

  private get plotWidth(): number {
    return Math.max(1, this.width - TIMELINE_LAYOUT.labelWidth - 4);
  }

  private rowOf(lane: number): number {
    return Math.max(
      0,
      this.model.lanes.findIndex((candidate) => candidate.id === lane),
    );
  }

  private measure(): void {
    const width = Math.floor(this.root.clientWidth);
    if (width === this.width) return;
    this.width = width;
    this.drawnVersion = -1;
    this.draw();
  }

  private timeAt(x: number): number {
    const { from, to } = this.span;
    return from + ((x - TIMELINE_LAYOUT.labelWidth) / this.plotWidth) * (to - from);
  }

  private laneAt(y: number): number | undefined {
    const row = Math.floor((y - TIMELINE_LAYOUT.axisHeight) / TIMELINE_LAYOUT.rowHeight);
    return this.model.lanes[row]?.id;
  }

  private setView(from: number, to: number): void {
    const whole = Math.max(this.model.elapsedMs, MIN_SPAN_MS);
    const span = Math.min(Math.max(to - from, MIN_SPAN_MS), whole);
    const start = Math.min(Math.max(from, 0), whole - span);
    this.view = span >= whole ? null : { from: start, to: start + span };
    this.invalidate();
  }

  private zoom(factor: number, atX: number): void {
    const { from, to } = this.span;
    const anchor = this.timeAt(atX);
    this.setView(anchor - (anchor - from) * factor, anchor + (to - anchor) * factor);
  }

  private readonly onWheel = (event: WheelEvent): void => {
    event.preventDefault();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    this.zoom(Math.exp(delta * 0.002), event.offsetX);
  };

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    const { from, to } = this.span;
    this.drag = { x: event.offsetX, from, to, moved: false };
    this.canvas.setPointerCapture(event.pointerId);
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    const drag = this.drag;
    if (drag !== null) {
      const dx = event.offsetX - drag.x;
      if (Math.abs(dx) >= DRAG_THRESHOLD_PX) drag.moved = true;
      if (drag.moved) {
        const shift = (dx / this.plotWidth) * (drag.to - drag.from);
        this.setView(drag.from - shift, drag.to - shift);
        this.hideTooltip();
        return;
      }
    }
    this.hover(event.offsetX, event.offsetY);
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    const drag = this.drag;
    this.drag = null;
    if (drag === null || drag.moved) return;
    const bar = this.barAtPoint(event.offsetX, event.offsetY);
    if (bar === undefined) return;
    this.select(bar.id);
    this.options.onSelect?.(bar);
  };

  private readonly onPointerLeave = (): void => {
    if (this.drag === null) this.hideTooltip();
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const { from, to } = this.span;
    const step = (to - from) / 8;
    const middle = TIMELINE_LAYOUT.labelWidth + this.plotWidth / 2;
    if (event.key === 'ArrowLeft') this.setView(from - step, to - step);
    else if (event.key === 'ArrowRight') this.setView(from + step, to + step);
    else if (event.key === '+' || event.key === '=') this.zoom(0.8, middle);
    else if (event.key === '-') this.zoom(1.25, middle);
    else if (event.key === '0') this.resetZoom();
    else return;
    event.preventDefault();
  };

  private barAtPoint(x: number, y: number): TimelineBar | undefined {
    if (x < TIMELINE_LAYOUT.labelWidth) return undefined;
    const lane = this.laneAt(y);
    if (lane === undefined) return undefined;
    const { from, to } = this.span;
    const tolerance = (HOVER_TOLERANCE_PX / this.plotWidth) * (to - from);
    return this.model.barAt(lane, this.timeAt(x), tolerance);
  }

  private hover(x: number, y: number): void {
    const bar = this.barAtPoint(x, y);
    if (bar === undefined) {
      this.hideTooltip();
      return;
    }
    if (bar !== this.hovered) {
      this.hovered = bar;
      this.tooltip.replaceChildren(
        ...this.options.describe(bar).map((line) => {
          const div = document.createElement('div');
          div.textContent = line;
          return div;
        }),
      );
      this.tooltip.dataset.barId = String(bar.id);
    }
    this.tooltip.hidden = false;
    // Fixed to the window, so no scrolling or clipping container cuts it off.
    const rect = this.canvas.getBoundingClientRect();
    const maxLeft = window.innerWidth - this.tooltip.offsetWidth - 4;
    const below = rect.top + y + 14;
    const top =
      below + this.tooltip.offsetHeight > window.innerHeight
        ? rect.top + y - 8 - this.tooltip.offsetHeight
        : below;
    this.tooltip.style.left = `${Math.max(0, Math.min(rect.left + x + 12, maxLeft))}px`;
    this.tooltip.style.top = `${Math.max(0, top)}px`;
    this.canvas.style.cursor = 'pointer';
  }

  private hideTooltip(): void {
    this.hovered = undefined;
    this.tooltip.hidden = true;
    this.canvas.style.cursor = '';
  }

  private colors(): ReturnType<TimelineCanvas['readColors']> {
    this.palette ??= this.readColors();
    return this.palette;
  }

  private readColors(): Record<TaskOutcome | 'track' | 'text' | 'grid' | 'selected', string> {
    const style = getComputedStyle(this.root);
    const read = (name: string, fallback: string): string =>
      style.getPropertyValue(name).trim() || fallback;
    return {
      ok: read('--tl-ok', '#2f9e55'),
      failed: read('--tl-failed', '#d13b2e'),
      retried: read('--tl-retried', '#e39a1c'),
      cancelled: read('--tl-cancelled', '#8b95a3'),
      crashed: read('--tl-crashed', '#7a1fa2'),
      running: read('--tl-running', '#2f74e6'),
      track: read('--tl-track', 'rgba(127,127,127,0.12)'),
      text: read('--tl-text', '#5d6876'),
      grid: read('--tl-grid', 'rgba(127,127,127,0.25)'),
      selected: read('--tl-selected', '#111'),
    };
  }

  private draw(): void {
    const model = this.model;
    const layout = TIMELINE_LAYOUT;
    const height = layout.axisHeight + Math.max(1, model.lanes.length) * layout.rowHeight + 2;
    const ratio = window.devicePixelRatio || 1;
    if (this.width <= 0) return;
    if (this.canvas.width !== Math.round(this.width * ratio)) {
      this.canvas.width = Math.round(this.width * ratio);
    }
    if (this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.height = `${height}px`;
    }
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, height);
    const colors = this.colors();
    const { from, to } = this.span;
    const now = model.elapsedMs;
    const plotLeft = layout.labelWidth;
    const plotWidth = this.plotWidth;
    const scale = plotWidth / (to - from);

    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    this.drawAxis(ctx, colors, from, to, height);

    const columns = new Uint8Array(Math.max(1, Math.ceil(plotWidth)));
    let outline: { x: number; y: number; w: number } | null = null;
    for (const [row, lane] of model.lanes.entries()) {
      const top =
        layout.axisHeight + row * layout.rowHeight + (layout.rowHeight - layout.barHeight) / 2;
      ctx.fillStyle = colors.text;
      const retired = lane.retiredMs !== null;
      ctx.fillText(`#${lane.workerId}${retired ? ' retired' : ''}`, 4, top + layout.barHeight / 2);
      ctx.fillStyle = colors.track;
      ctx.fillRect(plotLeft, top, plotWidth, layout.barHeight);
      columns.fill(0);
      let merged = false;
      const ids = model.barsOfLane(lane.id);
      for (let i = model.firstEndingAfter(lane.id, from); i < ids.length; i++) {
        const bar = model.barById(ids[i] ?? -1);
        if (bar === undefined) continue;
        if (bar.startMs > to) break;
        const end = barEnd(bar, now);
        const x0 = plotLeft + (bar.startMs - from) * scale;
        const x1 = plotLeft + (end - from) * scale;
        if (x1 - x0 >= MIN_SEPARATE_WIDTH) {
          const left = Math.max(plotLeft, x0);
          const right = Math.min(plotLeft + plotWidth, x1);
          ctx.fillStyle = colors[bar.outcome];
          ctx.fillRect(left, top, Math.max(1, right - left - 1), layout.barHeight);
        } else {
          const column = Math.floor(x0 - plotLeft);
          if (column >= 0 && Math.floor(x1 - plotLeft) === column && column < columns.length) {
            // Within one pixel (most bars, zoomed out): mark it here, no call per bar.
            const rank = OUTCOME_RANK[bar.outcome];
            if ((columns[column] ?? 0) < rank) columns[column] = rank;
          } else {
            markBar(columns, from, to, bar.startMs, end, bar.outcome);
          }
          merged = true;
        }
        if (bar.id === this.selectedId) outline = { x: x0, y: top, w: Math.max(2, x1 - x0) };
      }
      if (merged) {
        for (const run of columnRuns(columns)) {
          ctx.fillStyle = colors[run.outcome];
          ctx.fillRect(plotLeft + run.start, top, run.end - run.start, layout.barHeight);
        }
      }
      if (lane.retiredMs !== null && lane.retiredMs >= from && lane.retiredMs <= to) {
        const x = plotLeft + (lane.retiredMs - from) * scale;
        ctx.fillStyle = colors.text;
        ctx.fillRect(x, top - 2, 2, layout.barHeight + 4);
      }
    }
    if (outline !== null) {
      ctx.strokeStyle = colors.selected;
      ctx.lineWidth = 2;
      ctx.strokeRect(outline.x - 1, outline.y - 1, outline.w + 1, layout.barHeight + 2);
    }
    this.describeCanvas(from, to);
    this.drawnVersion = model.version;
  }

  private drawAxis(
    ctx: CanvasRenderingContext2D,
    colors: ReturnType<TimelineCanvas['colors']>,
    from: number,
    to: number,
    height: number,
  ): void {
    const span = to - from;
    const rough = span / Math.max(2, this.plotWidth / 110);
    const magnitude = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-3)));
    const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? rough;
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
      const x = this.xOf(t);
      ctx.fillStyle = colors.grid;
      ctx.fillRect(x, TIMELINE_LAYOUT.axisHeight - 4, 1, height - TIMELINE_LAYOUT.axisHeight + 4);
      const label = msText(t);
      // A label that would run past the right edge is left out.
      if (x + 3 + ctx.measureText(label).width > this.width) continue;
      ctx.fillStyle = colors.text;
      ctx.fillText(label, x + 3, TIMELINE_LAYOUT.axisHeight / 2);
    }
  }

  /** What the canvas shows, for assistive technology and tests. */
  private describeCanvas(from: number, to: number): void {
    const model = this.model;
    const counts = new Map<TaskOutcome, number>();
    if (model.version !== this.drawnVersion) {
      for (const bar of model.bars) counts.set(bar.outcome, (counts.get(bar.outcome) ?? 0) + 1);
      const parts = OUTCOMES.flatMap((outcome) => {
        const count = counts.get(outcome) ?? 0;
        return count > 0 ? [`${count} ${outcome}`] : [];
      });
      const retired = model.lanes.filter((lane) => lane.retiredMs !== null).length;
      this.canvas.setAttribute(
        'aria-label',
        `Timeline: ${model.bars.length} tasks on ${model.lanes.length} worker lanes` +
          `${retired > 0 ? ` (${retired} retired)` : ''}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`,
      );
      this.canvas.dataset.bars = String(model.bars.length);
      this.canvas.dataset.lanes = String(model.lanes.length);
    }
    this.canvas.dataset.viewFrom = String(from);
    this.canvas.dataset.viewTo = String(to);
  }
}
