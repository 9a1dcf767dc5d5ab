/**
 * Convert names each output after its input's relative path, so two inputs can claim the same
 * output (`d1/a.xml` and `d2/a.xml` given directly are both `a.xml`), and with --force an output
 * can land on another input (`a.xml` next to an input `a.json`). Such a file fails with an
 * 'output' error before any worker runs: the first claimant keeps the name, and no input and no
 * other file's output is ever overwritten. Paths are compared with symlinked folders resolved,
 * so an output folder that is a link to an input folder is seen as that folder.
 */
import type { XmlError } from '../../shared/results';
import { type ConvertFormat, outputPathFor } from '../convert/output-path';
import { RealPaths } from '../export/real-paths';
import type { FileRef } from '../tasks/types';
import { plainError } from './failed-result';

const FORMATS: readonly ConvertFormat[] = ['json', 'ndjson'];

/**
 * macOS and Windows file systems ignore case by default: there `a.json` and `A.json` are one
 * file, so names are compared case-folded. On Linux they are two files.
 */
export const FILE_NAMES_IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/** The files that must not run, by input index, with the reason. */
export function outputCollisions(
  files: readonly FileRef[],
  outputDir: string,
  ignoreCase = FILE_NAMES_IGNORE_CASE,
): Map<number, XmlError> {
  const real = new RealPaths();
  const key = (path: string): string => {
    const resolved = real.file(path);
    return ignoreCase ? resolved.toLowerCase() : resolved;
  };
  const inputs = new Set(files.map((file) => key(file.path)));
  const claimed = new Map<string, string>();
  const refused = new Map<number, XmlError>();
  for (const file of files) {
    // The format is decided at run time (by size and row tag), so both names are reserved.
    const targets = FORMATS.map((format) => outputPathFor(file, outputDir, format)).flatMap(
      (outcome) => (outcome.ok ? [outcome.path] : []),
    );
    // Its own input too: outputPathFor refuses that by name, but not through a symlinked folder.
    const input = targets.find((path) => inputs.has(key(path)));
    const owner = targets.map((path) => claimed.get(key(path))).find((path) => path !== undefined);
    if (input !== undefined) {
      refused.set(file.index, plainError('output', `its output ${input} would overwrite an input`));
    } else if (owner !== undefined) {
      refused.set(
        file.index,
        plainError(
          'output',
          `its output name in ${outputDir} is already taken by ${owner}; convert it in a separate run`,
        ),
      );
    } else {
      for (const path of targets) claimed.set(key(path), file.path);
    }
  }
  return refused;
}
