/**
 * One batch as a document libxml2 can validate: the file's head (prolog and root start tag),
 * the skeleton children that come before the batch, the batch's own bytes, the skeleton children
 * after it, and the root end tag. Each part starts on a line of its own, so a line of the batch
 * document maps back to exactly one place: the head's lines are the file's, the batch's lines are
 * shifted, and the inserted skeleton copies map nowhere (they are checked in their own batch).
 */
import type { Batch, BatchPlan, SkeletonChild } from './batch-plan';
import { lineBreaks } from './line-breaks';

export type PartKind = 'head' | 'inserted' | 'batch' | 'tail';

export interface Part {
  kind: PartKind;
  /** Line of the batch document the part starts on. */
  line: number;
}

export interface BatchDocument {
  bytes: Uint8Array;
  parts: Part[];
  /** Skeleton children of each name inserted before the batch (they come first among the root's children). */
  insertedBefore: Map<string, number>;
}

const NEWLINE = new Uint8Array([0x0a]);

/**
 * Memory reused from batch to batch: a file of 300 MB makes hundreds of batches, and fresh
 * buffers for each left tens of MB of garbage behind at any moment (peak RSS is a goal here).
 */
export class BatchMemory {
  private read = new Uint8Array(0);
  private document = new Uint8Array(0);

  /** A buffer of `size` bytes for a batch's bytes, valid until the next call. */
  forRead(size: number): Uint8Array {
    if (this.read.length < size) this.read = new Uint8Array(grown(this.read.length, size));
    return this.read.subarray(0, size);
  }

  /** The pieces one after another, in a buffer valid until the next call. */
  concat(pieces: readonly Uint8Array[]): Uint8Array {
    const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
    if (this.document.length < total) {
      this.document = new Uint8Array(grown(this.document.length, total));
    }
    let at = 0;
    for (const piece of pieces) {
      this.document.set(piece, at);
      at += piece.length;
    }
    return this.document.subarray(0, total);
  }
}

/** Room for `needed`, with some headroom so a slightly bigger batch does not reallocate. */
function grown(current: number, needed: number): number {
  return Math.max(needed, Math.ceil(current * 1.25));
}

export function batchDocument(
  plan: BatchPlan,
  batch: Batch,
  bytes: Uint8Array,
  memory: BatchMemory,
): BatchDocument {
  const pieces: Uint8Array[] = [];
  const parts: Part[] = [];
  let line = 1;
  const add = (kind: PartKind, content: Uint8Array[]) => {
    parts.push({ kind, line });
    for (const piece of content) {
      pieces.push(piece);
      line += lineBreaks(piece, false).breaks;
    }
    pieces.push(NEWLINE);
    line += 1;
  };
  const before: SkeletonChild[] = [];
  const after: SkeletonChild[] = [];
  for (const child of plan.skeleton) {
    if (child.end <= batch.start) before.push(child);
    else if (child.start >= batch.end) after.push(child);
  }
  add('head', [plan.head]);
  if (before.length > 0) add('inserted', joinLines(before));
  add('batch', [bytes]);
  if (after.length > 0) add('inserted', joinLines(after));
  parts.push({ kind: 'tail', line });
  pieces.push(new TextEncoder().encode(`</${plan.rootName}>`));
  const insertedBefore = new Map<string, number>();
  for (const child of before)
    insertedBefore.set(child.name, (insertedBefore.get(child.name) ?? 0) + 1);
  return { bytes: memory.concat(pieces), parts, insertedBefore };
}

function joinLines(children: readonly SkeletonChild[]): Uint8Array[] {
  return children.flatMap((child, i) => (i === 0 ? [child.bytes] : [NEWLINE, child.bytes]));
}

/** The part a line of the batch document belongs to. */
export function partAt(parts: readonly Part[], line: number): Part | undefined {
  let found: Part | undefined;
  for (const part of parts) {
    if (part.line > line) break;
    found = part;
  }
  return found;
}
