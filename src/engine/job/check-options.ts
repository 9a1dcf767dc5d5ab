/** Checks done before a job runs anything, so a mistake costs nothing but a worker start-up. */
import { resolve } from 'node:path';
import type { JobOptions } from '../../shared/tasks';
import { foldersOverlap, isInsideOrSame } from '../export/paths';
import { RealPaths } from '../export/real-paths';
import type { ExpandedInput } from '../input/types';
import { JobSetupError } from './setup-error';

export function checkWorkerCount(workers: number): void {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new JobSetupError(`workers must be a whole number of at least 1, not ${workers}`);
  }
}

export function checkJobOptions(inputs: readonly ExpandedInput[], options: JobOptions): void {
  checkWorkerCount(options.workers);
  if (options.schema.mode !== 'none' && options.task !== 'validate') {
    throw new JobSetupError(
      `a schema applies only to the validate task, not to ${options.task}; set the schema to none`,
    );
  }
  if (options.task === 'extract') checkExtract(options);
  if (options.outDir !== null && !options.force) checkOutDir(inputs, resolve(options.outDir));
}

/**
 * Convert's output folder must not overlap a folder given as input (outputs would land among
 * the inputs, and a later run over that folder would pick them up), and must not contain any
 * input file (an output could replace it). `force` lifts both; convert still never replaces the
 * very file it reads. Paths are compared with symlinked folders resolved: a link to an input
 * folder is that folder.
 */
function checkOutDir(inputs: readonly ExpandedInput[], outDir: string): void {
  const real = new RealPaths();
  const realOutDir = real.folder(outDir);
  const shown = realOutDir === outDir ? outDir : `${outDir} (that is, ${realOutDir})`;
  const folders = new Set<string>();
  for (const input of inputs) {
    if (input.folder !== undefined && !folders.has(input.folder)) {
      folders.add(input.folder);
      if (foldersOverlap(real.folder(input.folder), realOutDir)) {
        throw new JobSetupError(
          `the output folder ${shown} overlaps the input folder ${input.folder}; choose another folder, or use --force to write there anyway`,
        );
      }
    }
    if (input.error === null && isInsideOrSame(realOutDir, real.file(input.path))) {
      throw new JobSetupError(
        `the output folder ${shown} contains the input ${input.path}; choose another folder, or use --force to write there anyway`,
      );
    }
  }
}

/** Extract runs with a named record element and columns; `auto` and inference come first. */
function checkExtract(options: JobOptions): void {
  if (options.rowTag === null || options.rowTag === 'auto') {
    throw new JobSetupError('extract needs the record element: give --row-tag NAME');
  }
  if (options.extract.columns.length === 0) {
    throw new JobSetupError('extract needs its columns: give --columns, or let them be inferred');
  }
}
