// Placeholder until issue 4 lands row-tag splitting.
import type { ChunkUnit, TaskContext } from '../tasks/types';

export async function runChunk(_unit: ChunkUnit, _ctx: TaskContext): Promise<unknown> {
  throw new Error('split: not implemented yet');
}
