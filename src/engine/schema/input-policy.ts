/**
 * Every file libxml2 reads goes through here: it has no network code, and the WebAssembly build
 * has no file system of its own, so this provider is the only way in. What it allows depends on
 * what is being done (`InputRules`):
 *
 * - compiling a schema: the schema's own includes, imports and external DTD parts, as local
 *   files; a URL is read only when a catalog maps it to a local file;
 * - parsing a document against its own DTD: that DTD and its parameter entities, likewise;
 * - parsing a document for XSD or RELAX NG: nothing at all (the parse refuses external DTDs and
 *   entities, and this refuses anything that would still ask).
 *
 * What was read, and what was refused and why, is recorded for the caller's messages.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Catalogs } from './catalog';
import { fileProblem } from './file-problem';
import { isRemote, localPathOf } from './locations';

export interface InputRules {
  /** Local files may be read (else nothing is). */
  allowLocal: boolean;
  catalogs: Catalogs | null;
  /** Names libxml2 will ask for, already resolved to local files (a DOCTYPE's public id). */
  redirects?: ReadonlyMap<string, string>;
  /** When set, the only local files that may be read. */
  only?: ReadonlySet<string>;
}

export interface Refusal {
  /** What libxml2 asked for. */
  name: string;
  reason: 'remote' | 'not-allowed' | 'missing';
  /** For `missing`: why the file could not be opened ("no such file"). */
  problem?: string;
}

export interface InputRecord {
  /** Local files read, in order. */
  read: string[];
  refused: Refusal[];
}

const DENY_ALL: InputRules = { allowLocal: false, catalogs: null };

/** libxml2-wasm's XmlInputProvider, with the rules of the operation under way. */
export class InputPolicy {
  private rules: InputRules = DENY_ALL;
  private record: InputRecord = { read: [], refused: [] };
  /**
   * Folders whose names were served from another folder (a catalog or a DOCTYPE's public id
   * mapped `http://x/a.dtd` or `doc/a.dtd` to `dtds/a.dtd`): the asked name's folder → the file's.
   * libxml2 resolves what that file refers to (`m.ent`, an include's `b.xsd`) against the name
   * it asked for, not the file it got, so such names are looked for beside the file, as
   * `xmllint --catalog` finds them.
   */
  private moved: [from: string, to: string][] = [];

  /** Runs `operation` (synchronous libxml2 calls) under `rules`; returns what it read. */
  during<T>(rules: InputRules, operation: () => T): { value: T; record: InputRecord } {
    const outer = { rules: this.rules, record: this.record, moved: this.moved };
    this.rules = rules;
    this.record = { read: [], refused: [] };
    this.moved = [];
    try {
      const value = operation();
      return { value, record: this.record };
    } finally {
      this.rules = outer.rules;
      this.record = outer.record;
      this.moved = outer.moved;
    }
  }

  // XmlInputProvider: libxml2 falls back to its own loaders for a name no provider matches, so
  // this one matches everything and decides in `open`.
  readonly match = (_name: string): boolean => true;

  readonly open = (name: string): number | undefined => {
    const path = this.localFileFor(name);
    if (path === null) return undefined;
    try {
      // A FIFO would block the worker forever, a directory cannot be read.
      if (!statSync(path).isFile()) throw new Error('not a regular file');
      const fd = openSync(path, 'r');
      this.record.read.push(path);
      return fd;
    } catch (error) {
      this.record.refused.push({ name, reason: 'missing', problem: fileProblem(error) });
      return undefined;
    }
  };

  readonly read = (fd: number, buffer: Uint8Array): number => {
    try {
      return readSync(fd, buffer, 0, buffer.byteLength, null);
    } catch {
      return -1;
    }
  };

  readonly close = (fd: number): boolean => {
    try {
      closeSync(fd);
    } catch {
      // Nothing to do: the descriptor is gone either way.
    }
    return true;
  };

  private localFileFor(name: string): string | null {
    const rules = this.rules;
    if (!rules.allowLocal) {
      this.record.refused.push({ name, reason: 'not-allowed' });
      return null;
    }
    const path = this.resolve(name, rules);
    if (path !== null && rules.only !== undefined && !rules.only.has(path)) {
      this.record.refused.push({ name, reason: 'not-allowed' });
      return null;
    }
    return path;
  }

  /** Notes where a name mapped to another folder was served from; returns `path`. */
  private served(name: string, path: string): string {
    const from = folderOf(name);
    const to = folderOf(path);
    if (from !== '' && to !== '' && from !== to) this.moved.push([from, to]);
    return path;
  }

  /** `name` under a folder served from elsewhere: the same name beside the file served. */
  private besideMovedFile(name: string): string | null {
    let best: [string, string] | null = null;
    for (const entry of this.moved) {
      if (name.startsWith(entry[0]) && (best === null || entry[0].length > best[0].length)) {
        best = entry;
      }
    }
    if (best === null) return null;
    return localPathOf(best[1] + name.slice(best[0].length));
  }

  private resolve(name: string, rules: InputRules): string | null {
    const redirected = rules.redirects?.get(name);
    if (redirected !== undefined) return this.served(name, redirected);
    const beside = this.besideMovedFile(name);
    if (beside !== null) return beside;
    if (isRemote(name)) {
      const mapped =
        rules.catalogs?.resolveUri(name) ?? rules.catalogs?.resolveExternal(null, name) ?? null;
      if (mapped === null) this.record.refused.push({ name, reason: 'remote' });
      return mapped === null ? null : this.served(name, mapped);
    }
    const path = localPathOf(name);
    if (path === null) this.record.refused.push({ name, reason: 'not-allowed' });
    return path;
  }
}

/** `name` up to its last `/` (or `\\`), which stays: a URL's or a path's folder. */
function folderOf(name: string): string {
  return name.slice(0, Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

/** One line about a refusal, for error messages. */
export function describeRefusal(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'remote':
      return `${refusal.name} is remote and xmlpool never reads the network: map it to a local file with --catalog`;
    case 'missing':
      return `cannot read ${refusal.name}${refusal.problem === undefined ? '' : `: ${refusal.problem}`}`;
    case 'not-allowed':
      return `${refusal.name} was not read: xmlpool reads only the schema's own files and the DTD a document names (not its external entities)`;
  }
}
