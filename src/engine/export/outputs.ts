/**
 * Copies convert's outputs into a folder chosen by the user, mirroring the inputs' relative
 * structure: the output of `<input folder>/2024/a.xml` becomes `<destination>/2024/a.json`.
 *
 * Inputs are never overwritten: outputs are only written inside the destination, so a
 * destination that contains any input is refused before anything is copied. That needs every
 * input first, so `results` is read twice; pass something that can be iterated again, such as
 * `JobSummary.results()`. Each copy is atomic. Files already at the outputs' paths (an earlier
 * export) are not replaced unless `overwrite`: the export is refused with OutputsExistError.
 */
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileResult } from '../../shared/results';
import { writeFileAtomic } from '../fs/atomic-file';
import { refuseExistingOutputs } from './existing-outputs';
import { isInsideOrSame } from './paths';
import { RealPaths } from './real-paths';

export class ExportRefusedError extends Error {
  override name = 'ExportRefusedError';
}

export interface ExportOutputsOptions {
  /** Replace files already at the outputs' paths. */
  overwrite?: boolean;
}

export async function exportOutputs(
  results: AsyncIterable<FileResult>,
  destination: string,
  options: ExportOutputsOptions = {},
): Promise<number> {
  const target = resolve(destination);
  // Symlinks resolved: a destination that is a link into an input folder is that folder.
  const real = new RealPaths();
  const realTarget = real.folder(target);
  const targets: string[] = [];
  for await (const result of results) {
    if (isInsideOrSame(realTarget, real.file(result.file))) {
      throw new ExportRefusedError(
        `refusing to export into ${target}: it contains the input ${result.file}, which an output could overwrite`,
      );
    }
    if (result.convert) targets.push(outputIn(target, result, result.convert.output));
  }
  if (!options.overwrite) await refuseExistingOutputs(target, targets);
  let copied = 0;
  for await (const result of results) {
    if (!result.convert) continue;
    const out = outputIn(target, result, result.convert.output);
    if (!isInsideOrSame(target, out)) {
      throw new ExportRefusedError(`refusing to write ${out}: outside ${target}`);
    }
    await mkdir(dirname(out), { recursive: true });
    await writeFileAtomic(out, createReadStream(result.convert.output));
    copied++;
  }
  if (copied !== targets.length) {
    throw new Error(
      `exportOutputs read ${targets.length} outputs, then ${copied}: pass results that can be iterated twice`,
    );
  }
  return copied;
}

/** Where a result's output goes in the destination: its input's relative folder, its own name. */
function outputIn(target: string, result: FileResult, output: string): string {
  const rel = result.relative ?? basename(result.file);
  return join(target, dirname(rel), basename(output));
}
