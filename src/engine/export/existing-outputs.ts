/**
 * Outputs already in a folder that a convert run, or an export of its outputs, would replace.
 * Writing over them silently lost a previous run's results; the CLI refuses without
 * `--overwrite`, and the desktop app asks before it exports over them.
 */
import { lstat } from 'node:fs/promises';

/** A refused write: `existing` names the first few files in the way, `count` how many there are. */
export class OutputsExistError extends Error {
  override name = 'OutputsExistError';
  constructor(
    readonly folder: string,
    readonly existing: readonly string[],
    readonly count: number,
  ) {
    const more = count > existing.length ? ` and ${count - existing.length} more` : '';
    super(
      `${folder} already holds ${count === 1 ? 'an output' : `${count} outputs`} of this run (${existing.join(', ')}${more})`,
    );
  }
}

/** How many of the files in the way are named in the message. */
const NAMED_IN_MESSAGE = 3;
/** Paths checked at once: enough to be quick, few enough to keep file handles free. */
const PARALLEL_CHECKS = 64;

/** The paths of `targets` that exist (as anything: a folder there is in the way too). */
export async function existingPaths(targets: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < targets.length; i += PARALLEL_CHECKS) {
    const slice = targets.slice(i, i + PARALLEL_CHECKS);
    const exists = await Promise.all(
      slice.map((path) =>
        lstat(path).then(
          () => true,
          () => false,
        ),
      ),
    );
    slice.forEach((path, j) => {
      if (exists[j]) found.push(path);
    });
  }
  return found;
}

/** Throws OutputsExistError when any of `targets` exists. */
export async function refuseExistingOutputs(
  folder: string,
  targets: readonly string[],
): Promise<void> {
  const found = await existingPaths(targets);
  if (found.length > 0) {
    throw new OutputsExistError(folder, found.slice(0, NAMED_IN_MESSAGE), found.length);
  }
}
