/**
 * A timeline held in a page: updates merged by id (a full one replaces everything), each lane's
 * bars kept in start order for the canvas to search, and "now" moving on between updates while
 * the job runs. Framework-free: the React app and the HTML report's script both hold one.
 */
import {
  barEnd,
  type TimelineBar,
  type TimelineData,
  type TimelineFile,
  type TimelineLane,
  type TimelineUpdate,
} from '../shared/timeline';

const EMPTY_LANE: readonly number[] = [];

export class TimelineModel implements TimelineData {
  jobId: string | null = null;
  startedAt = 0;
  finished = false;
  rowTag: string | null = null;
  splitMinBytes = 0;
  /** Bars the engine recorded; more than `bars.length` when an update was missed. */
  barCount = 0;
  droppedBars = 0;
  /** Bumped by every change, so views know when to redraw. */
  version = 0;
  private bareElapsedMs = 0;
  private receivedAt = 0;
  private barList: TimelineBar[] = [];
  /** Distinct bars held: fewer than `barList.length` when an update was missed (holes). */
  private received = 0;
  private laneList: TimelineLane[] = [];
  private readonly files = new Map<number, TimelineFile>();
  /** Bar ids per lane, in start order (bars on a lane never overlap, so ends are in order too). */
  private readonly laneBars = new Map<number, number[]>();
  /** The last bar that held each file. */
  private readonly lastBarOfFile = new Map<number, number>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  get bars(): readonly TimelineBar[] {
    if (this.received === this.barList.length) return this.barList;
    return this.barList.filter((bar) => bar !== undefined);
  }

  get lanes(): readonly TimelineLane[] {
    return this.laneList;
  }

  /** Now, in the timeline's ms: the last update's time, moved on by the clock while it runs. */
  get elapsedMs(): number {
    if (this.finished || this.jobId === null) return this.bareElapsedMs;
    return this.bareElapsedMs + Math.max(0, this.clock() - this.receivedAt);
  }

  fileAt(index: number): TimelineFile | undefined {
    return this.files.get(index);
  }

  /** Bar ids of one lane, in start order. */
  barsOfLane(lane: number): readonly number[] {
    return this.laneBars.get(lane) ?? EMPTY_LANE;
  }

  barById(id: number): TimelineBar | undefined {
    return this.barList[id];
  }

  /** The last bar that held the file with this input index. */
  barOfFile(index: number): TimelineBar | undefined {
    const id = this.lastBarOfFile.get(index);
    return id === undefined ? undefined : this.barList[id];
  }

  /** True when it holds every bar the engine has recorded so far. */
  get complete(): boolean {
    return this.received >= this.barCount;
  }

  clear(): void {
    this.jobId = null;
    this.barList = [];
    this.received = 0;
    this.laneList = [];
    this.files.clear();
    this.laneBars.clear();
    this.lastBarOfFile.clear();
    this.finished = false;
    this.bareElapsedMs = 0;
    this.barCount = 0;
    this.droppedBars = 0;
    this.version += 1;
  }

  /** Merges an update; one of another job is taken only when full. Returns whether it applied. */
  apply(update: TimelineUpdate): boolean {
    if (update.full) this.clear();
    else if (update.jobId !== this.jobId) return false;
    this.jobId = update.jobId;
    this.startedAt = update.startedAt;
    this.finished = update.finished;
    this.rowTag = update.rowTag;
    this.splitMinBytes = update.splitMinBytes;
    this.barCount = update.barCount;
    this.droppedBars = update.droppedBars;
    this.bareElapsedMs = update.elapsedMs;
    this.receivedAt = this.clock();
    for (const lane of update.lanes) this.laneList[lane.id] = lane;
    for (const file of update.files) this.files.set(file.index, file);
    for (const bar of update.bars) this.put(bar);
    this.version += 1;
    return true;
  }

  private put(bar: TimelineBar): void {
    const known = this.barList[bar.id] !== undefined;
    this.barList[bar.id] = bar;
    for (const file of bar.files) {
      if ((this.lastBarOfFile.get(file) ?? -1) <= bar.id) this.lastBarOfFile.set(file, bar.id);
    }
    if (known) return;
    this.received += 1;
    const lane = this.laneBars.get(bar.lane);
    if (lane === undefined) {
      this.laneBars.set(bar.lane, [bar.id]);
      return;
    }
    // Ids grow with start times; a bar that arrives late (a missed update) is put in its place.
    let at = lane.length;
    while (at > 0 && (lane[at - 1] ?? 0) > bar.id) at -= 1;
    lane.splice(at, 0, bar.id);
  }

  /**
   * Index (into barsOfLane) of the first bar of `lane` that ends at or after `ms`, for drawing
   * from there.
   */
  firstEndingAfter(lane: number, ms: number): number {
    const ids = this.barsOfLane(lane);
    const now = this.elapsedMs;
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const bar = this.barList[ids[mid] ?? -1];
      if (bar !== undefined && barEnd(bar, now) < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The bar of `lane` running at `ms`, or the nearest one within `toleranceMs`. */
  barAt(lane: number, ms: number, toleranceMs: number): TimelineBar | undefined {
    const ids = this.barsOfLane(lane);
    const now = this.elapsedMs;
    const at = this.firstEndingAfter(lane, ms - toleranceMs);
    let best: TimelineBar | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let i = at; i < ids.length; i++) {
      const bar = this.barList[ids[i] ?? -1];
      if (bar === undefined) continue;
      if (bar.startMs > ms + toleranceMs) break;
      const end = barEnd(bar, now);
      const distance = ms < bar.startMs ? bar.startMs - ms : ms > end ? ms - end : 0;
      if (distance < bestDistance) {
        best = bar;
        bestDistance = distance;
      }
    }
    return best;
  }
}
