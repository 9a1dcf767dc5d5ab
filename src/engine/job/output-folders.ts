/**
 * The folders a convert job writes its outputs into. Its temp files (atomic writes, part and
 * scratch files, src/engine/fs/temp-files.ts) stand there beside the outputs, outside the job's
 * temp folder, so these are the folders swept for what a killed run left when the job starts,
 * and for what the job's own ended workers left when it ends.
 */
import { dirname } from 'node:path';
import type { JobOptions } from '../../shared/tasks';
import { outputPathFor } from '../convert/output-path';
import type { FileRef } from '../tasks/types';

/** None when the outputs go into the job's temp folder, which is removed whole. */
export function outputFolders(
  files: readonly FileRef[],
  options: JobOptions,
  outputDir: string,
): string[] {
  if (options.task !== 'convert' || options.outDir === null) return [];
  const folders = new Set<string>();
  for (const file of files) {
    const target = outputPathFor(file, outputDir, 'json');
    if (target.ok) folders.add(dirname(target.path));
  }
  return [...folders];
}
