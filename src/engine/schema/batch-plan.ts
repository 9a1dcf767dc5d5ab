/**
 * Pass 1 of validating a big file in batches: xmlpool's scanner reads the whole file (the
 * well-formedness check every validate starts with) and notes, for each direct child of the
 * root, where it is. From that come the batches (consecutive children up to about `batchBytes`,
 * cut after a child, never inside one) and the skeleton: the root's children that are not
 * records (a header, a footer), which every batch document carries in place so that the root's
 * content model sees what it expects around the records.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { XmlError } from '../../shared/results';
import { fsPath } from '../fs/escaped-path';
import { scanRange } from '../split/scanner-port';
import type { RootContext } from '../split/types';
import { wholeFileScan } from '../tasks/convert';
import type { FileRef, TaskContext } from '../tasks/types';
import type { UnreadEntities } from './unread-entities';

/** The skeleton is validated again in every batch: it must stay small. */
export const MAX_SKELETON_BYTES = 4 * 1024 * 1024;

export interface Batch {
  /** Byte range [start, end) of root content: whole children and the text between them. */
  start: number;
  end: number;
  /** Root children of each name before `start`, to turn a batch's paths into the file's. */
  namesBefore: Map<string, number>;
  records: number;
}

export interface SkeletonChild {
  name: string;
  start: number;
  end: number;
  bytes: Uint8Array;
}

export interface BatchPlan {
  /** file[0, contentStart): the prolog and the root start tag, the head of every batch. */
  head: Uint8Array;
  rootName: string;
  contentStart: number;
  /** Offset of the root end tag's `<`. */
  contentEnd: number;
  batches: Batch[];
  skeleton: SkeletonChild[];
  /** Root children of each name in the whole file. */
  nameTotals: Map<string, number>;
  records: number;
}

export type PlanOutcome =
  | { ok: true; plan: BatchPlan; elements: number; encoding: string }
  /** The scan found the file not well-formed (or unreadable): the result's first error. */
  | { ok: false; error: XmlError; elements: number; encoding: string | null }
  /** Well-formed, but it cannot be validated in batches: why. */
  | { ok: false; limit: string; elements: number; encoding: string };

function readBytes(fd: number, start: number, end: number): Uint8Array {
  const bytes = new Uint8Array(end - start);
  let filled = 0;
  while (filled < bytes.length) {
    const read = readSync(fd, bytes, filled, bytes.length - filled, start + filled);
    if (read === 0) throw new Error(`the file ended at byte ${start + filled} while it was read`);
    filled += read;
  }
  return bytes;
}

/**
 * Where the root end tag starts, after the last child: the first `</` that is not inside a
 * comment, PI or CDATA section (the file is well-formed, so nothing else can hide one).
 */
export function rootEndTag(fd: number, from: number, fileSize: number): number {
  const text = new TextDecoder('latin1').decode(readBytes(fd, from, fileSize));
  let at = 0;
  for (;;) {
    const lt = text.indexOf('<', at);
    if (lt < 0) return fileSize;
    const skip = (close: string) => {
      const end = text.indexOf(close, lt);
      return end < 0 ? text.length : end + close.length;
    };
    if (text.startsWith('</', lt)) return from + lt;
    if (text.startsWith('<!--', lt)) at = skip('-->');
    else if (text.startsWith('<![CDATA[', lt)) at = skip(']]>');
    else if (text.startsWith('<?', lt)) at = skip('?>');
    else at = lt + 1;
  }
}

export async function planBatches(
  file: FileRef,
  ctx: TaskContext,
  root: RootContext,
  rowTag: string,
  batchBytes: number,
  maxBatchBytes: number,
  unread: UnreadEntities,
): Promise<PlanOutcome> {
  const batches: Batch[] = [];
  const skeleton: SkeletonChild[] = [];
  const nameTotals = new Map<string, number>();
  let skeletonBytes = 0;
  let batchStart = root.contentOffset;
  let batchRecords = 0;
  let lastEnd = root.contentOffset;
  let records = 0;
  let problem: string | null = null;
  const fd = openSync(fsPath(file.path), 'r');
  try {
    const scanBase = wholeFileScan(file, ctx);
    const scan = await scanRange({
      ...scanBase,
      // The scan is the first half of the work the worker reports.
      onProgress: (done) => ctx.progress(file.path, { start: 0, end: file.size }, done / 2),
      onUnreadEntity: (name, line, column) => unread.unreadEntity(name, line, column),
      onRecord: (start, end, name) => {
        if (problem !== null) return;
        if (name === rowTag) {
          records += 1;
          batchRecords += 1;
        } else {
          skeletonBytes += end - start;
          if (skeletonBytes > MAX_SKELETON_BYTES) {
            problem = `the root's children other than <${rowTag}> add up to more than ${MAX_SKELETON_BYTES / 1024 / 1024} MiB, which every batch would have to carry; choose the element that repeats with --row-tag`;
            return;
          }
          skeleton.push({ name, start, end, bytes: readBytes(fd, start, end) });
        }
        if (end - batchStart > maxBatchBytes) {
          problem = `its <${name}> element at byte ${start.toLocaleString('en-US')} makes a batch larger than ${Math.round(maxBatchBytes / 1024 / 1024)} MiB, the most that is validated as one tree`;
          return;
        }
        nameTotals.set(name, (nameTotals.get(name) ?? 0) + 1);
        lastEnd = end;
        if (end - batchStart >= batchBytes) {
          batches.push({ start: batchStart, end, namesBefore: new Map(), records: batchRecords });
          batchStart = end;
          batchRecords = 0;
        }
      },
    });
    if (scan.error) {
      return { ok: false, error: scan.error, elements: scan.elements, encoding: scan.encoding };
    }
    const outcome = { elements: scan.elements, encoding: scan.encoding };
    if (problem !== null) return { ok: false, limit: problem, ...outcome };
    if (records === 0) {
      return {
        ok: false,
        limit: `there is no <${rowTag}> element directly under the root <${root.rootName}>; check --row-tag`,
        ...outcome,
      };
    }
    const contentEnd = rootEndTag(fd, lastEnd, file.size);
    // The last batch takes what follows the last child, up to the root end tag.
    const last = batches[batches.length - 1];
    if (batchStart < lastEnd || last === undefined) {
      batches.push({
        start: batchStart,
        end: contentEnd,
        namesBefore: new Map(),
        records: batchRecords,
      });
    } else {
      last.end = contentEnd;
    }
    countNamesBefore(batches, skeleton, rowTag);
    return {
      ok: true,
      plan: {
        head: readBytes(fd, 0, root.contentOffset),
        rootName: root.rootName,
        contentStart: root.contentOffset,
        contentEnd,
        batches,
        skeleton,
        nameTotals,
        records,
      },
      ...outcome,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Fills each batch's count of root children by name before it: records are counted per batch,
 * skeleton children by position.
 */
function countNamesBefore(batches: Batch[], skeleton: readonly SkeletonChild[], rowTag: string) {
  let recordsBefore = 0;
  for (const batch of batches) {
    const before = new Map<string, number>();
    if (recordsBefore > 0) before.set(rowTag, recordsBefore);
    for (const child of skeleton) {
      if (child.end > batch.start) break;
      before.set(child.name, (before.get(child.name) ?? 0) + 1);
    }
    batch.namesBefore = before;
    recordsBefore += batch.records;
  }
}
