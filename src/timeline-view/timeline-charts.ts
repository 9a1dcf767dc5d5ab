/**
 * The run's charts, drawn by uPlot (small, canvas, fast, MIT): throughput over time in MB/s and
 * files/s, and each worker's utilization. The numbers come from timeline-series.ts; this only
 * lays them out. Framework-free, for the React app and the HTML report alike.
 */
import uPlot from 'uplot';
import type { TimelineData } from '../shared/timeline';
import { timelineSeries } from '../shared/timeline-series';

const HEIGHT = 130;
/** Lane colours, by lane order (distinct from the outcome colours of the timeline). */
const LANE_COLORS = [
  '#1f63d6',
  '#c2410c',
  '#0f766e',
  '#7c3aed',
  '#b45309',
  '#be185d',
  '#15803d',
  '#475569',
];

export class TimelineCharts {
  readonly root: HTMLDivElement;
  private readonly throughputHost: HTMLDivElement;
  private readonly utilizationHost: HTMLDivElement;
  private throughput: uPlot | null = null;
  private utilization: uPlot | null = null;
  /** The lane count the utilization chart was made for: its series change with it. */
  private laneCount = -1;
  private readonly resizeObserver: ResizeObserver;

  constructor(host: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'tl-charts';
    this.throughputHost = document.createElement('div');
    this.throughputHost.className = 'tl-chart';
    this.throughputHost.dataset.testid = 'throughput-chart';
    this.utilizationHost = document.createElement('div');
    this.utilizationHost.className = 'tl-chart';
    this.utilizationHost.dataset.testid = 'utilization-chart';
    this.root.append(this.throughputHost, this.utilizationHost);
    host.append(this.root);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.root);
  }

  update(timeline: TimelineData): void {
    const series = timelineSeries(timeline);
    const width = this.chartWidth();
    const throughputData: uPlot.AlignedData = [
      series.seconds,
      series.megabytesPerSecond,
      series.filesPerSecond,
    ];
    if (this.throughput === null) {
      this.throughput = new uPlot(throughputOptions(width), throughputData, this.throughputHost);
    } else {
      this.throughput.setData(throughputData);
    }
    const utilizationData: uPlot.AlignedData = [
      series.seconds,
      ...series.utilization.map((lane) => lane.percent),
    ];
    if (this.utilization === null || this.laneCount !== series.utilization.length) {
      this.utilization?.destroy();
      const names = series.utilization.map(
        (lane) => `#${lane.lane.workerId}${lane.lane.retiredMs === null ? '' : ' retired'}`,
      );
      this.utilization = new uPlot(
        utilizationOptions(width, names),
        utilizationData,
        this.utilizationHost,
      );
      this.laneCount = series.utilization.length;
    } else {
      this.utilization.setData(utilizationData);
    }
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.throughput?.destroy();
    this.utilization?.destroy();
    this.root.remove();
  }

  private chartWidth(): number {
    return Math.max(200, Math.floor(this.throughputHost.clientWidth || this.root.clientWidth / 2));
  }

  private resize(): void {
    const width = this.chartWidth();
    for (const chart of [this.throughput, this.utilization]) {
      if (chart !== null && chart.width !== width) chart.setSize({ width, height: HEIGHT });
    }
  }
}

function axisStyle(): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks' | 'font'> {
  return {
    stroke: 'currentColor',
    grid: { stroke: 'rgba(127,127,127,0.2)', width: 1 },
    ticks: { stroke: 'rgba(127,127,127,0.3)', width: 1 },
    font: '11px system-ui, sans-serif',
  };
}

const secondsAxis = (): uPlot.Axis => ({
  ...axisStyle(),
  values: (_chart, ticks) => ticks.map((t) => `${t}s`),
});

function throughputOptions(width: number): uPlot.Options {
  return {
    title: 'Throughput',
    width,
    height: HEIGHT,
    scales: {
      x: { time: false },
      mb: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      files: { range: (_u, _min, max) => [0, Math.max(1, max)] },
    },
    axes: [
      secondsAxis(),
      {
        ...axisStyle(),
        scale: 'mb',
        values: (_chart, ticks) => ticks.map((t) => `${t}`),
        label: 'MB/s',
        size: 44,
      },
      {
        ...axisStyle(),
        scale: 'files',
        side: 1,
        label: 'files/s',
        size: 44,
        grid: { show: false },
      },
    ],
    series: [
      { label: 'time (s)' },
      {
        label: 'MB/s',
        scale: 'mb',
        stroke: '#1f63d6',
        width: 1.5,
        fill: 'rgba(31,99,214,0.12)',
        value: (_u, v) => (v == null ? '—' : v.toFixed(1)),
      },
      {
        label: 'files/s',
        scale: 'files',
        stroke: '#c2410c',
        width: 1.5,
        value: (_u, v) => (v == null ? '—' : v.toFixed(1)),
      },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}

function utilizationOptions(width: number, lanes: string[]): uPlot.Options {
  return {
    title: 'Utilization per worker',
    width,
    height: HEIGHT,
    scales: { x: { time: false }, y: { range: [0, 100] } },
    axes: [
      secondsAxis(),
      { ...axisStyle(), values: (_chart, ticks) => ticks.map((t) => `${t}%`), size: 44 },
    ],
    series: [
      { label: 'time (s)' },
      ...lanes.map((label, i) => ({
        label,
        stroke: LANE_COLORS[i % LANE_COLORS.length] ?? '#1f63d6',
        width: 1.5,
        spanGaps: false,
        value: (_u: uPlot, v: number | null) => (v == null ? '—' : `${Math.round(v)}%`),
      })),
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
  };
}
