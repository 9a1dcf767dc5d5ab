// Placeholder until issue 3 lands the streaming scanner.
import type { FileResult } from '../../shared/results';
import type { FileRef, TaskContext } from './types';

export async function statsFile(_file: FileRef, _ctx: TaskContext): Promise<FileResult> {
  throw new Error('stats: not implemented yet');
}
