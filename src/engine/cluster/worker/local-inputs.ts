/**
 * A remote worker's copies of a job's inputs. Without a shared file system each file is fetched
 * from the job's bucket into the worker's temp folder (a split file once, for all its chunks);
 * with one, the dispatcher's paths are used as they are, but only inside the folders the worker
 * was started with (`--shared-fs DIR`): a dispatcher cannot make a worker read anything else.
 * Results name the dispatcher's paths again before they leave (`restorePaths`).
 */
import { realpath, rm } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import type { XmlError } from '../../../shared/results';
import { stampAt } from '../../fs/file-stamp';
import type { FileRef, UnitOutput, WorkUnit } from '../../tasks/types';
import { inputObject } from '../names';
import { getFile } from '../objects';
import { retrying } from '../retry';

export interface LocalWork {
  /** The unit with local paths; null when none of its files could be had. */
  work: WorkUnit | null;
  /** Files that could not be fetched or are outside the shared folders. */
  failed: { file: FileRef; error: XmlError }[];
  /** Local copies to remove once the unit ends. */
  temporary: string[];
}

function ioError(message: string): XmlError {
  return { kind: 'io', line: null, column: null, offset: null, message };
}

/** A file name safe to use locally: the original's base name (tasks and test hooks see it). */
function localName(path: string): string {
  const name = basename(path);
  return name === '' || name === '.' || name === '..' ? 'input.xml' : name;
}

export class LocalInputs {
  /** Local path → the dispatcher's path. */
  private readonly originals = new Map<string, string>();
  /** Split files, fetched once and kept for their other chunks until the job ends. */
  private readonly kept = new Map<number, Promise<string>>();

  constructor(
    private readonly nc: NatsConnection,
    /** The job's bucket; null when the job uses a shared file system. */
    private readonly store: ObjectStore | null,
    private readonly dir: string,
    /** Real paths of the folders a shared-file-system job may read. */
    private readonly sharedRoots: readonly string[],
  ) {}

  async localize(work: WorkUnit, signal: AbortSignal): Promise<LocalWork> {
    const failed: LocalWork['failed'] = [];
    const temporary: string[] = [];
    const one = async (file: FileRef, keep: boolean): Promise<FileRef | null> => {
      try {
        const path = await this.localPath(file, keep, signal);
        if (this.store === null) return { ...file, path };
        if (!keep) temporary.push(path);
        // A fetched copy is the file as the dispatcher sent it (size and digest checked), with
        // a modification time of its own: the task checks it stays as fetched.
        return { ...file, path, mtimeMs: (await stampAt(path)).mtimeMs };
      } catch (error) {
        failed.push({
          file,
          error: ioError(error instanceof Error ? error.message : String(error)),
        });
        return null;
      }
    };
    if (work.kind === 'chunk') {
      const file = await one(work.file, true);
      return { work: file ? { ...work, file } : null, failed, temporary };
    }
    const files: FileRef[] = [];
    for (const file of work.files) {
      const local = await one(file, false);
      if (local) files.push(local);
    }
    return { work: files.length > 0 ? { kind: 'files', files } : null, failed, temporary };
  }

  private async localPath(file: FileRef, keep: boolean, signal: AbortSignal): Promise<string> {
    if (this.store === null) return this.shared(file.path);
    if (keep) {
      let fetched = this.kept.get(file.index);
      if (fetched === undefined) {
        fetched = this.fetch(file, signal);
        this.kept.set(file.index, fetched);
        fetched.catch(() => this.kept.delete(file.index));
      }
      return fetched;
    }
    return this.fetch(file, signal);
  }

  private async fetch(file: FileRef, signal: AbortSignal): Promise<string> {
    const store = this.store;
    if (store === null) throw new Error('no bucket');
    const path = join(this.dir, String(file.index), localName(file.path));
    await retrying(
      this.nc,
      () => getFile(store, inputObject(file.index), path, { expected: file.size }),
      signal,
    );
    this.originals.set(path, file.path);
    return path;
  }

  private async shared(path: string): Promise<string> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (error) {
      throw new Error(error instanceof Error ? error.message : String(error));
    }
    const inside = this.sharedRoots.some((root) => {
      const rel = relative(root, real);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    });
    if (!inside) throw new Error(`${path} is outside the folders this worker shares (--shared-fs)`);
    return path;
  }

  /** The output with the dispatcher's paths in place of the local copies'. */
  restorePaths(output: UnitOutput): UnitOutput {
    const restore = (text: string): string => {
      let result = text;
      for (const [local, original] of this.originals) result = result.replaceAll(local, original);
      return result;
    };
    if (output.kind === 'file') {
      const result = output.result;
      return {
        kind: 'file',
        result: {
          ...result,
          file: this.originals.get(result.file) ?? result.file,
          errors: result.errors.map((error) => ({ ...error, message: restore(error.message) })),
        },
      };
    }
    const file = { ...output.file, path: this.originals.get(output.file.path) ?? output.file.path };
    const result = output.result;
    if (typeof result === 'object' && result !== null && 'error' in result) {
      const error = result.error;
      if (
        typeof error === 'object' &&
        error !== null &&
        'message' in error &&
        typeof error.message === 'string'
      ) {
        return {
          ...output,
          file,
          result: { ...result, error: { ...error, message: restore(error.message) } },
        };
      }
    }
    return { ...output, file };
  }

  /** The dispatcher's path of a local one (for progress lanes). */
  originalOf(path: string): string {
    return this.originals.get(path) ?? path;
  }

  async release(paths: readonly string[]): Promise<void> {
    for (const path of paths) this.originals.delete(path);
    await Promise.all(paths.map((path) => rm(path, { force: true })));
  }
}
