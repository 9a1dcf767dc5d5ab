/**
 * Checks `--out` once the inputs are listed and before any of them is processed: a report that
 * cannot be written would otherwise be found out only after the whole run, and a report written
 * over one of the inputs would destroy it.
 */
import type { BigIntStats } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ExpandedInput } from '../engine/input/types';
import { JobSetupError } from '../engine/job';

export async function checkReportDestination(
  out: string,
  inputs: readonly ExpandedInput[],
  /** The option that named it, for the messages. */
  option = '--out',
  /** What the file is, for the messages. */
  what = 'report',
): Promise<void> {
  const path = resolve(out);
  const existing = await statOrNull(path);
  if (existing?.isDirectory()) {
    throw new JobSetupError(`${option} ${out} is a folder; give the ${what}'s file name`);
  }
  if (existing !== null && (await isOneOf(existing, inputs))) {
    throw new JobSetupError(`${option} ${out} is one of the inputs; the ${what} would replace it`);
  }
  if (existing !== null && !existing.isFile()) {
    // A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written in place (atomic-file.ts):
    // what counts is that it takes writes, not its folder.
    try {
      await access(path, constants.W_OK);
    } catch {
      throw new JobSetupError(`${option} ${out} is not writable`);
    }
    return;
  }
  const folder = dirname(path);
  const parent = await statOrNull(folder);
  if (parent === null || !parent.isDirectory()) {
    throw new JobSetupError(`${option} ${out}: the folder ${folder} does not exist`);
  }
  try {
    await access(folder, constants.W_OK);
  } catch {
    throw new JobSetupError(`${option} ${out}: the folder ${folder} is not writable`);
  }
}

/** The extract table: the same checks, and it may not be the report either. */
export async function checkTableDestination(
  table: string,
  out: string | null,
  inputs: readonly ExpandedInput[],
): Promise<void> {
  await checkReportDestination(table, inputs, '--table', 'table');
  if (out !== null && resolve(out) === resolve(table)) {
    throw new JobSetupError(`--table ${table} is also --out; give the table its own file`);
  }
}

/**
 * Same device and inode, so a link or another spelling of the path counts too. Only inputs of
 * the same size can be that file, so only those are looked up.
 */
async function isOneOf(file: BigIntStats, inputs: readonly ExpandedInput[]): Promise<boolean> {
  const size = Number(file.size);
  for (const input of inputs) {
    if (input.error !== null || input.size !== size) continue;
    const info = await statOrNull(input.path);
    if (info !== null && info.dev === file.dev && info.ino === file.ino) return true;
  }
  return false;
}

async function statOrNull(path: string): Promise<BigIntStats | null> {
  try {
    return await stat(path, { bigint: true });
  } catch {
    return null;
  }
}
