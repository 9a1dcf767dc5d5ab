// Placeholder until issue 4 lands the convert task.
import type { FileResult } from '../../shared/results';
import type { FileRef, TaskContext } from './types';

export async function convertFile(_file: FileRef, _ctx: TaskContext): Promise<FileResult> {
  throw new Error('convert: not implemented yet');
}
