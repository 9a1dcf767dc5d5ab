/**
 * Checks convert's `--out-dir` once the inputs are listed and before any is processed: outputs
 * of an earlier run there would be replaced one by one as files finish, so without
 * `--overwrite` the run is refused, naming what is in the way.
 */
import { resolve } from 'node:path';
import { type ConvertFormat, outputPathFor } from '../engine/convert/output-path';
import { OutputsExistError, refuseExistingOutputs } from '../engine/export/existing-outputs';
import type { ExpandedInput } from '../engine/input/types';
import { JobSetupError } from '../engine/job';

/** A file's format is decided when it runs (by size and row tag): either name may be written. */
const FORMATS: readonly ConvertFormat[] = ['json', 'ndjson'];

export async function checkOutputsDestination(
  outDir: string,
  inputs: readonly ExpandedInput[],
): Promise<void> {
  const folder = resolve(outDir);
  const targets = inputs.flatMap((input, index) =>
    FORMATS.flatMap((format) => {
      const outcome = outputPathFor(
        { path: input.path, size: input.size ?? 0, index, relative: input.relative },
        folder,
        format,
      );
      return outcome.ok ? [outcome.path] : [];
    }),
  );
  try {
    await refuseExistingOutputs(outDir, targets);
  } catch (error) {
    if (!(error instanceof OutputsExistError)) throw error;
    throw new JobSetupError(
      `--out-dir ${error.message}; use --overwrite to replace them, or choose another folder`,
    );
  }
}
