/**
 * What a worker keeps between the files of a schema job: libxml2, the input policy it reads
 * through, the job's catalogs, and compiled schemas keyed by path and modification time (a
 * schema is compiled once per worker, not once per file). A worker serves one job, so one
 * runtime per worker.
 */
import { statSync } from 'node:fs';
import type { SchemaOptions } from '../../shared/tasks';
import { CatalogError, Catalogs } from './catalog';
import {
  type Compiled,
  compileSchema,
  readDtdFiles,
  SchemaCompileError,
  type SchemaSource,
} from './compile';
import { InputPolicy } from './input-policy';
import { type Libxml2, loadLibxml2 } from './libxml2';

/** Distinct schemas kept compiled (`--schema auto` over documents naming many schemas). */
const MAX_COMPILED = 16;

/**
 * A worker whose WebAssembly memory grew past this is replaced after its current file: the
 * memory never shrinks (a 30 MB document can leave 500 MB behind), and it is capped at 2 GB.
 */
export const RECYCLE_HEAP_BYTES = 512 * 1024 * 1024;

/** The job's setup cannot work (a catalog that does not parse): fails the job, not a file. */
export class SchemaSetupError extends Error {
  override name = 'SchemaSetupError';
}

export class SchemaRuntime {
  private readonly compiled = new Map<string, Compiled | SchemaCompileError>();
  private readonly dtdFileSets = new Map<string, ReadonlySet<string>>();

  private constructor(
    readonly lib: Libxml2,
    readonly policy: InputPolicy,
    readonly catalogs: Catalogs | null,
  ) {}

  static async create(options: SchemaOptions): Promise<SchemaRuntime> {
    let catalogs: Catalogs | null = null;
    try {
      catalogs = options.catalogs.length === 0 ? null : new Catalogs(options.catalogs);
    } catch (error) {
      if (error instanceof CatalogError) throw new SchemaSetupError(error.message);
      throw error;
    }
    const { lib, policy } = await libxml2WithPolicy();
    return new SchemaRuntime(lib, policy, catalogs);
  }

  /** The compiled schema, from the cache while its file is unchanged; throws SchemaCompileError. */
  compile(source: SchemaSource): Compiled {
    const key = cacheKey(source);
    const known = this.compiled.get(key);
    if (known !== undefined) {
      // Most recently used last, so the oldest is the first to go.
      this.compiled.delete(key);
      this.compiled.set(key, known);
      if (known instanceof SchemaCompileError) throw known;
      return known;
    }
    let entry: Compiled | SchemaCompileError;
    try {
      entry = compileSchema(this.lib, this.policy, this.catalogs, source);
    } catch (error) {
      if (!(error instanceof SchemaCompileError)) throw error;
      entry = error;
    }
    this.compiled.set(key, entry);
    if (this.compiled.size > MAX_COMPILED) {
      const [oldestKey, oldest] = this.compiled.entries().next().value ?? [];
      if (oldestKey !== undefined) this.compiled.delete(oldestKey);
      if (oldest !== undefined && !(oldest instanceof SchemaCompileError)) oldest.schema.free();
    }
    if (entry instanceof SchemaCompileError) throw entry;
    return entry;
  }

  /**
   * The files of a DTD (the file and the parameter entities it reads), read once per worker and
   * modification time: they are what a document naming it may read.
   */
  dtdFiles(path: string): ReadonlySet<string> {
    const key = cacheKey({ kind: 'dtd', path });
    let files = this.dtdFileSets.get(key);
    if (files === undefined) {
      files = new Set([path, ...readDtdFiles(this.lib, this.policy, this.catalogs, path)]);
      this.dtdFileSets.set(key, files);
    }
    return files;
  }
}

/** Path, size and modification time of each file named (not of what they include). */
function cacheKey(source: SchemaSource): string {
  const files = source.imports?.map((entry) => `${entry.namespace ?? ''}=${entry.path}`) ?? [
    source.path,
  ];
  const stamps = files.map((file) => {
    const path = file.slice(file.indexOf('=') + 1);
    try {
      const info = statSync(source.imports ? path : file);
      return `${file}@${info.mtimeMs}:${info.size}`;
    } catch {
      return `${file}@missing`;
    }
  });
  return `${source.kind}|${stamps.join('|')}`;
}

let shared: Promise<{ lib: Libxml2; policy: InputPolicy }> | null = null;

/** libxml2 and the one input provider it reads through, once per isolate. */
function libxml2WithPolicy(): Promise<{ lib: Libxml2; policy: InputPolicy }> {
  shared ??= (async () => {
    const lib = await loadLibxml2();
    const policy = new InputPolicy();
    lib.registerInputProvider(policy);
    return { lib, policy };
  })();
  return shared;
}

/** By catalog list: a worker serves one job, but tests run many in one isolate. */
const runtimes = new Map<string, Promise<SchemaRuntime>>();

/** The worker's runtime, made on the first file that needs it. */
export function schemaRuntime(options: SchemaOptions): Promise<SchemaRuntime> {
  const key = JSON.stringify(options.catalogs);
  let runtime = runtimes.get(key);
  if (runtime === undefined) {
    runtime = SchemaRuntime.create(options);
    runtimes.set(key, runtime);
  }
  return runtime;
}
