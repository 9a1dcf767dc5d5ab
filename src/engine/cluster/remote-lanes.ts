/**
 * The dispatcher's view of its remote workers: one lane per `xmlpool worker` process, built from
 * the status each sends several times a second. A lane sums its worker's local pool: busy while
 * any of its slots is, its throughput the sum of theirs, its utilization their mean. A worker
 * that stops reporting (killed, cut off) shows as exited and keeps its lane and totals.
 */
import type { WorkerProgress } from '../../shared/progress';
import type { WorkerStatus } from './protocol';

/** A worker silent for this long is shown as exited (it reports every STATUS_INTERVAL_MS). */
export const STATUS_INTERVAL_MS = 500;
const SILENT_AFTER_MS = 10 * STATUS_INTERVAL_MS;

interface Lane {
  id: number;
  status: WorkerStatus;
  seenAt: number;
  /** Units this worker finished for the job (their first report, duplicates not counted). */
  unitsDone: number;
}

export class RemoteLanes {
  private readonly lanes = new Map<string, Lane>();

  /** Records a status; the worker gets a lane (and a lane id, 1, 2, …) on its first. */
  update(status: WorkerStatus, now: number): void {
    const lane = this.lanes.get(status.worker);
    if (lane) {
      lane.status = status;
      lane.seenAt = now;
    } else {
      this.lanes.set(status.worker, { id: this.lanes.size + 1, status, seenAt: now, unitsDone: 0 });
    }
  }

  /** The lane id of a worker, giving it one if its report came before its first status. */
  idOf(worker: string, now: number): number {
    const known = this.lanes.get(worker);
    if (known) return known.id;
    const status: WorkerStatus = {
      v: 1,
      worker,
      name: worker,
      backend: 'thread',
      slots: 0,
      lanes: [],
      leaving: false,
    };
    this.update(status, now);
    return this.lanes.get(worker)?.id ?? 0;
  }

  unitDone(worker: string, now: number): void {
    this.idOf(worker, now);
    const lane = this.lanes.get(worker);
    if (lane) lane.unitsDone += 1;
  }

  /** Slots of the workers reporting now: how much work is worth having queued. */
  liveSlots(now: number): number {
    let slots = 0;
    for (const lane of this.lanes.values()) {
      if (this.isLive(lane, now)) slots += lane.status.slots;
    }
    return slots;
  }

  snapshot(now: number): WorkerProgress[] {
    return [...this.lanes.values()].map((lane) => this.laneProgress(lane, now));
  }

  private isLive(lane: Lane, now: number): boolean {
    return !lane.status.leaving && now - lane.seenAt <= SILENT_AFTER_MS;
  }

  private laneProgress(lane: Lane, now: number): WorkerProgress {
    const slots = lane.status.lanes;
    const busy = slots.filter((slot) => slot.state === 'busy');
    const shown = busy[0];
    const live = this.isLive(lane, now);
    const state: WorkerProgress['state'] = !live
      ? 'exited'
      : busy.length > 0
        ? 'busy'
        : slots.some((slot) => slot.state === 'idle')
          ? 'idle'
          : 'starting';
    const sum = (pick: (slot: WorkerProgress) => number): number =>
      slots.reduce((total, slot) => total + pick(slot), 0);
    return {
      id: lane.id,
      state,
      backend: lane.status.backend,
      file: live && shown ? shown.file : null,
      range: live && shown?.range ? { start: shown.range.start, end: shown.range.end } : null,
      bytesDone: live ? busy.reduce((total, slot) => total + slot.bytesDone, 0) : 0,
      bytesTotal: live ? busy.reduce((total, slot) => total + slot.bytesTotal, 0) : 0,
      tasksDone: lane.unitsDone,
      busyMs: sum((slot) => slot.busyMs ?? 0),
      utilization:
        slots.length > 0 ? Math.min(1, sum((slot) => slot.utilization) / slots.length) : 0,
      bytesPerSecond: live ? sum((slot) => slot.bytesPerSecond) : 0,
      host: lane.status.name,
    };
  }
}
