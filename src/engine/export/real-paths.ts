/**
 * Paths with their folders' symlinks resolved, so the checks that keep outputs away from inputs
 * cannot be fooled by a second name for the same folder (`--out-dir link` where `link -> data`).
 *
 * Only folders are resolved, once each (a realpath per input file would cost a system call per
 * file); the last component is kept as named. A path that does not exist yet (an output folder
 * to be created) is resolved through its nearest existing ancestor.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { escapePathBytes, fsPath } from '../fs/escaped-path';

export class RealPaths {
  private readonly folders = new Map<string, string>();

  /** `path` with the folders leading to it resolved. */
  file(path: string): string {
    const absolute = resolve(path);
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(this.folder(parent), basename(absolute));
  }

  /** `path` itself resolved, as far as it exists. */
  folder(path: string): string {
    const absolute = resolve(path);
    const known = this.folders.get(absolute);
    if (known !== undefined) return known;
    let real: string;
    try {
      real = escapePathBytes(realpathSync(fsPath(absolute), { encoding: 'buffer' }));
    } catch {
      const parent = dirname(absolute);
      real = parent === absolute ? absolute : join(this.folder(parent), basename(absolute));
    }
    this.folders.set(absolute, real);
    return real;
  }
}
