/**
 * Dispatch order. Largest first (the default) is the classic longest-processing-time rule: the
 * big files start early and the small ones fill the gaps at the end, so no worker is left with
 * one huge file while the others are idle. `input` keeps the order the user gave.
 */
import type { Order } from '../../shared/tasks';
import type { FileRef } from '../tasks/types';

export function orderFiles(files: readonly FileRef[], order: Order): FileRef[] {
  if (order === 'input') return [...files];
  // Ties keep input order, so the plan is deterministic.
  return [...files].sort((a, b) => b.size - a.size || a.index - b.index);
}
