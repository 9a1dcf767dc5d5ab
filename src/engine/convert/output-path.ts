/**
 * Where convert writes a file's output: the input's relative path mirrored under the output
 * folder, `.xml` replaced by `.json` or `.ndjson`. Refuses a path that would replace the input or
 * leave the output folder.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { FileRef } from '../tasks/types';

export type ConvertFormat = 'json' | 'ndjson';

export type OutputPathOutcome = { ok: true; path: string } | { ok: false; message: string };

export function outputPathFor(
  file: FileRef,
  outputDir: string,
  format: ConvertFormat,
): OutputPathOutcome {
  const base = /\.xml$/i.test(file.relative) ? file.relative.slice(0, -4) : file.relative;
  const path = resolve(join(outputDir, `${base}.${format}`));
  const inside = relative(resolve(outputDir), path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return {
      ok: false,
      message: `output path for ${file.relative} leaves the output folder ${outputDir}`,
    };
  }
  if (path === resolve(file.path)) {
    return { ok: false, message: `refusing to overwrite the input ${file.path}` };
  }
  return { ok: true, path };
}
