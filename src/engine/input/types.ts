import type { XmlError } from '../../shared/results';

/** One input file after folders were expanded. */
export interface ExpandedInput {
  /** Absolute path. */
  path: string;
  /** Path relative to the folder it was found in, or the base name of a file given directly. */
  relative: string;
  /**
   * The folder argument the file was found in by walking it (absolute); absent for a file given
   * directly. Convert's output folder may not lie inside such a folder (unless forced).
   */
  folder?: string;
  /** Size in bytes, or null when it could not be read (`error` then says why). */
  size: number | null;
  /** Modification time (fs/file-stamp.ts) when it was listed; absent with `size` null. */
  mtimeMs?: number;
  /** Set for missing or unreadable paths and symlink loops: the file fails without a worker. */
  error: XmlError | null;
}
