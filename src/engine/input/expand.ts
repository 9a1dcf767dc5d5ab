/**
 * Turns the paths a user gave (files and folders) into the list of input files of a job.
 *
 * - Folders are walked recursively; a file inside one is taken when its path matches one of the
 *   include globs. A glob without a slash matches the file's base name (`*.xml`, `data-*.xml`);
 *   a glob with a slash matches the path relative to the folder argument (`2024/**\/*.xml`).
 *   Dot files match too.
 * - A file given directly is always taken, whatever its name.
 * - Missing or unreadable paths, things that are not regular files, and symlink loops become
 *   inputs with an `io` error: the job reports them as failed files instead of stopping.
 * - The same file reached twice (directly, through two folders, or through a symlink) is kept
 *   once, where it was first seen.
 * - The order is deterministic: argument order, and within a folder its entries sorted by name
 *   (code-point order), depth first.
 * - Names are read as bytes: one that is not valid UTF-8 keeps them in the escaped form of
 *   src/engine/fs/escaped-path.ts (`caf\xe9.xml`), opens, and never collides with another.
 */
import { accessSync, type BigIntStats, type Dirent, statSync } from 'node:fs';
import { access, constants, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { XmlError } from '../../shared/results';
import { escapePathBytes, escapePathText, fsPath } from '../fs/escaped-path';
import { stampOf } from '../fs/file-stamp';
import { suffixMatcher } from './suffix-glob';
import type { ExpandedInput } from './types';

export interface ExpandOptions {
  /** Globs a file inside a folder must match (any of them). Default `['*.xml']`. */
  include: string[];
  /** Called once, when the first readable input is found (a job can start its workers then). */
  onInputFound?: () => void;
}

export const DEFAULT_INCLUDE: readonly string[] = ['*.xml'];

export async function expandInputs(
  paths: string[],
  options: ExpandOptions = { include: [...DEFAULT_INCLUDE] },
): Promise<ExpandedInput[]> {
  const include = options.include.length > 0 ? options.include : [...DEFAULT_INCLUDE];
  checkGlobs(include);
  // Made at the first folder: a list of files alone never needs a matcher (nor picomatch).
  let matches: ((rel: string) => boolean) | null = null;
  const collector = new InputCollector(options.onInputFound);
  for (const given of paths) {
    const path = escapePathText(resolve(given));
    const info = await statOrError(path);
    if (info instanceof Error) {
      collector.addFailed(path, basename(path), null, info);
    } else if (info.isDirectory()) {
      matches ??= await includeMatcher(include);
      await walkFolder(path, path, matches, collector, new Set([await realpathOr(path)]));
    } else {
      collector.addFile(path, basename(path), null, info, await readError(path));
    }
  }
  return collector.inputs;
}

/**
 * The inputs with their size and modification time read again, for a job planned long after
 * they were listed (the service lists files when they are added, and a user may edit one before
 * starting the job): a job compares each file with its stamp, and a file edited before the job
 * started has not changed during it. An input that can no longer be read keeps its old stamp;
 * its worker reports why it cannot read it.
 */
export async function restamped(inputs: readonly ExpandedInput[]): Promise<ExpandedInput[]> {
  return mapConcurrently(inputs, LOOKUP_CONCURRENCY, async (input) => {
    if (input.error !== null) return input;
    const info = await statOrError(input.path);
    if (info instanceof Error || !info.isFile()) return input;
    return { ...input, ...stampOf(info) };
  });
}

/** Accumulates inputs, dropping repeats of the same file. */
class InputCollector {
  readonly inputs: ExpandedInput[] = [];
  /**
   * Files already taken, by device and inode: the same file reached through another folder, a
   * symlink or a hard link is the same inode, and stat already gives it (a realpath per file
   * would cost one more system call each).
   */
  private readonly seenFiles = new Set<string>();
  private readonly seenFailures = new Set<string>();

  constructor(private onInputFound: (() => void) | undefined) {}

  /** `folder`: the folder argument the file was found in, or null for a file given directly. */
  addFile(
    path: string,
    rel: string,
    folder: string | null,
    info: BigIntStats,
    unreadable: string | null,
  ): void {
    const identity = `${info.dev}:${info.ino}`;
    if (this.seenFiles.has(identity)) return;
    this.seenFiles.add(identity);
    if (!info.isFile()) {
      this.push(failed(path, rel, `not a regular file: ${path}`), folder);
      return;
    }
    this.push(
      unreadable === null
        ? { path, relative: rel, ...stampOf(info), error: null }
        : failed(path, rel, unreadable),
      folder,
    );
  }

  addFailed(path: string, rel: string, folder: string | null, error: Error | string): void {
    if (this.seenFailures.has(path)) return;
    this.seenFailures.add(path);
    this.push(
      failed(path, rel, typeof error === 'string' ? error : ioMessage(error, path)),
      folder,
    );
  }

  private push(input: ExpandedInput, folder: string | null): void {
    this.inputs.push(folder === null ? input : { ...input, folder });
    if (input.error === null && this.onInputFound !== undefined) {
      const found = this.onInputFound;
      this.onInputFound = undefined;
      found();
    }
  }
}

/** What one folder entry turned out to be, looked up ahead of taking the entries in order. */
type EntryLookup =
  | { kind: 'skip' }
  | { kind: 'folder'; path: string; real: string }
  | { kind: 'file'; path: string; rel: string; info: BigIntStats; unreadable: string | null }
  | { kind: 'failed'; path: string; rel: string; error: Error | string };

/** File-system lookups in flight at once while walking a folder. */
const LOOKUP_CONCURRENCY = 32;

/**
 * Walks one folder depth first. `ancestors` holds the real paths of the folders on the way down,
 * so a symlink back to one of them is reported as a loop instead of being followed forever.
 *
 * A plain file's stat and access run synchronously, in slices of at most SLICE_MS between two
 * turns of the event loop: a synchronous stat costs a few microseconds, while an async one waits
 * for a hop through libuv's thread pool and cost ~25 µs of this thread's time (10,000 files:
 * 0.6 s of the main thread's 1.7 s). The other lookups (folders, symlinks: realpath) stay async
 * and concurrent: taking them one at a time made listing 200 of them cost ~70 ms. The entries
 * are then taken in name order, so the result stays deterministic.
 */
async function walkFolder(
  root: string,
  folder: string,
  matches: (path: string) => boolean,
  collector: InputCollector,
  ancestors: Set<string>,
): Promise<void> {
  let entries: { name: string; entry: Dirent<Buffer> }[];
  try {
    // As bytes: Node's strings replace a name's invalid UTF-8 with U+FFFD, losing the file.
    const listed = await readdir(fsPath(folder), { withFileTypes: true, encoding: 'buffer' });
    entries = listed.map((entry) => ({ name: escapePathBytes(entry.name), entry }));
  } catch (error) {
    collector.addFailed(folder, relativeTo(root, folder), root, asError(error));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lookups: (EntryLookup | null)[] = new Array(entries.length);
  const others: number[] = [];
  let sliceStart = performance.now();
  for (let index = 0; index < entries.length; index++) {
    const item = entries[index];
    if (item === undefined) continue;
    if (item.entry.isDirectory() || item.entry.isSymbolicLink()) {
      others.push(index);
      continue;
    }
    lookups[index] = lookUpPlainFile(root, join(folder, item.name), matches);
    if (performance.now() - sliceStart >= SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  await mapConcurrently(others, LOOKUP_CONCURRENCY, async (index) => {
    const item = entries[index];
    if (item === undefined) return;
    lookups[index] = await lookUpEntry(
      root,
      join(folder, item.name),
      item.entry,
      matches,
      ancestors,
    );
  });
  for (const lookup of lookups) {
    if (lookup === null || lookup === undefined) continue;
    switch (lookup.kind) {
      case 'folder':
        await walkFolder(
          root,
          lookup.path,
          matches,
          collector,
          new Set([...ancestors, lookup.real]),
        );
        break;
      case 'file':
        collector.addFile(lookup.path, lookup.rel, root, lookup.info, lookup.unreadable);
        break;
      case 'failed':
        collector.addFailed(lookup.path, lookup.rel, root, lookup.error);
        break;
      case 'skip':
        break;
    }
  }
}

/** Longest the walk runs synchronous lookups before it gives the event loop a turn. */
const SLICE_MS = 5;

/** An entry that is neither a folder nor a symlink (a file, or a FIFO and the like). */
function lookUpPlainFile(
  root: string,
  path: string,
  matches: (path: string) => boolean,
): EntryLookup {
  const rel = relativeTo(root, path);
  if (!matches(rel)) return { kind: 'skip' };
  const info = statOrErrorSync(path);
  if (info instanceof Error) return { kind: 'failed', path, rel, error: info };
  return { kind: 'file', path, rel, info, unreadable: readErrorSync(path) };
}

/** A folder or a symlink. */
async function lookUpEntry(
  root: string,
  path: string,
  entry: Dirent<Buffer>,
  matches: (path: string) => boolean,
  ancestors: Set<string>,
): Promise<EntryLookup> {
  const rel = relativeTo(root, path);
  if (entry.isDirectory()) return { kind: 'folder', path, real: await realpathOr(path) };
  const info = await statOrError(path);
  if (info instanceof Error) {
    // A loop is reported whatever its name: it may well stand for a folder of XML files.
    // A dangling link is reported only when its name says it is an input.
    return isErrno(info, 'ELOOP') || matches(rel)
      ? { kind: 'failed', path, rel, error: info }
      : { kind: 'skip' };
  }
  if (info.isDirectory()) {
    const real = await realpathOr(path);
    return ancestors.has(real)
      ? { kind: 'failed', path, rel, error: `symlink loop: ${path} points back to ${real}` }
      : { kind: 'folder', path, real };
  }
  if (!matches(rel)) return { kind: 'skip' };
  return { kind: 'file', path, rel, info, unreadable: await readError(path) };
}

/** Like Promise.all over `items.map(lookUp)`, with at most `limit` lookups running at once. */
async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  lookUp: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index];
      if (item !== undefined) results[index] = await lookUp(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/**
 * Callers check the globs they take from users, but one that slips through must not surface as
 * picomatch's bare "Expected pattern to be a non-empty string" with its stack. A blank glob is
 * refused too, as the CLI refuses it: it would only match files named with spaces, which is
 * never what was meant.
 */
function checkGlobs(globs: readonly string[]): void {
  for (const glob of globs) {
    if (glob.trim() === '') {
      throw new Error(
        `include glob ${JSON.stringify(glob)} is empty: give a pattern such as '*.xml'`,
      );
    }
  }
}

/**
 * picomatch's own `basename` option also applies to globs with a slash (and then fails to match
 * them), so the two kinds are split here.
 */
/**
 * A name or path as the globs see it. picomatch opens its patterns with `(?=.)`, and `.` does not
 * match a line terminator: a name starting with one (legal on Linux) matched no glob at all, not
 * even `*`, and the file was silently left out. Each line terminator is handed over as U+FFFD,
 * which `*` and `?` match like any other character; no glob names a line terminator itself.
 */
export function globbable(path: string): string {
  return path.replace(/[\n\r\u2028\u2029]/g, '\uFFFD');
}

async function includeMatcher(globs: readonly string[]): Promise<(rel: string) => boolean> {
  const bySuffix = suffixMatcher(globs);
  if (bySuffix !== null) return (rel) => bySuffix(globbable(basename(rel)));
  // Loaded here, not at start-up: the CLI starts its workers while it walks the folders, and
  // every module loaded before that delays them.
  const { default: picomatch } = await import('picomatch');
  const byName = globs.filter((glob) => !glob.includes('/'));
  const byPath = globs.filter((glob) => glob.includes('/'));
  const nameMatches = byName.length > 0 ? picomatch(byName, { dot: true }) : () => false;
  const pathMatches = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return (rel) => {
    const posix = globbable(rel.split(sep).join('/'));
    return nameMatches(globbable(basename(rel))) || pathMatches(posix);
  };
}

function failed(path: string, rel: string, message: string): ExpandedInput {
  const error: XmlError = { kind: 'io', line: null, column: null, offset: null, message };
  return { path, relative: rel, size: null, error };
}

async function statOrError(path: string): Promise<BigIntStats | Error> {
  try {
    // BigInt: inode numbers can exceed 2^53 on some file systems, and they identify files here.
    return await stat(fsPath(path), { bigint: true });
  } catch (error) {
    return asError(error);
  }
}

function statOrErrorSync(path: string): BigIntStats | Error {
  try {
    return statSync(fsPath(path), { bigint: true });
  } catch (error) {
    return asError(error);
  }
}

/** Opening for reading is what a worker will do; checking it here names the problem early. */
async function readError(path: string): Promise<string | null> {
  try {
    await access(fsPath(path), constants.R_OK);
    return null;
  } catch (error) {
    return ioMessage(asError(error), path);
  }
}

function readErrorSync(path: string): string | null {
  try {
    accessSync(fsPath(path), constants.R_OK);
    return null;
  } catch (error) {
    return ioMessage(asError(error), path);
  }
}

async function realpathOr(path: string): Promise<string> {
  try {
    return escapePathBytes(await realpath(fsPath(path), { encoding: 'buffer' }));
  } catch {
    return path;
  }
}

function relativeTo(root: string, path: string): string {
  return relative(root, path) || basename(path);
}

const ERRNO_MESSAGES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'symlink loop (too many levels of symbolic links)',
  ENOTDIR: 'a component of the path is not a folder',
  ENAMETOOLONG: 'file name too long',
};

/**
 * "no such file or directory: /data/a.xml" rather than Node's "ENOENT: no such file...". `path`
 * is the one we looked up, in the escaped form (Node's error names a byte path lossily).
 */
function ioMessage(error: Error, path: string): string {
  const code = errnoCode(error);
  // Names found in folders keep their bytes (escaped), but Node hands a command-line argument
  // over decoded, with U+FFFD for invalid UTF-8: that name does not exist, and saying "no such
  // file" about a file the user can see misleads.
  if (code === 'ENOENT' && path.includes('\uFFFD')) {
    return `the file name is not valid UTF-8, so it cannot be opened (rename it): ${path}`;
  }
  const known = code === null ? undefined : ERRNO_MESSAGES[code];
  if (known === undefined) return error.message;
  return `${known}: ${path}`;
}

function errnoCode(error: Error): string | null {
  return 'code' in error && typeof error.code === 'string' ? error.code : null;
}

function isErrno(error: Error, code: string): boolean {
  return errnoCode(error) === code;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
