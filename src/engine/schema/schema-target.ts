/**
 * Which schema a file is checked against: the job's (`--schema FILE`, compiled once per
 * worker), or the one the document names (`--schema auto`). Problems with the job's schema fail
 * the job (see SchemaJobFailure); problems with a document's own schema fail that document.
 */
import type { SchemaKind, XmlError } from '../../shared/results';
import type { SchemaOptions } from '../../shared/tasks';
import type { CheckTarget } from './check-document';
import { SchemaCompileError } from './compile';
import { type DocumentHead, documentHeadOf } from './document-head';
import { documentSchema } from './document-schema';
import type { SchemaRuntime } from './runtime';
import { schemaKindOfFile } from './schema-kind';

/** The job's own schema cannot be used: every file would fail the same way. */
export class SchemaJobFailure extends Error {
  override name = 'SchemaJobFailure';
}

export type TargetOutcome =
  | { ok: true; target: CheckTarget; kind: SchemaKind }
  | { ok: false; error: XmlError };

export function schemaError(message: string): XmlError {
  return { kind: 'schema', line: null, column: null, offset: null, message };
}

const kinds = new Map<string, SchemaKind>();

/** The kind of the job's schema file, read once per worker. */
function jobSchemaKind(path: string): SchemaKind {
  const known = kinds.get(path);
  if (known !== undefined) return known;
  const kind = schemaKindOfFile(path);
  if (!kind.ok) throw new SchemaJobFailure(`the schema ${path} cannot be used: ${kind.reason}`);
  kinds.set(path, kind.kind);
  return kind.kind;
}

/** `bytes`: the whole document when it is already read (its head is looked at in them). */
export function schemaTarget(
  runtime: SchemaRuntime,
  options: SchemaOptions,
  documentPath: string,
  bytes?: Uint8Array,
): TargetOutcome {
  if (options.mode === 'file' && options.file !== null) {
    const path = options.file;
    const kind = jobSchemaKind(path);
    try {
      const compiled = runtime.compile({ kind, path });
      return { ok: true, kind, target: { named: path, compiled, dtd: null } };
    } catch (error) {
      if (error instanceof SchemaCompileError) throw new SchemaJobFailure(error.message);
      throw error;
    }
  }
  let head: DocumentHead | null;
  try {
    head = documentHeadOf(documentPath, bytes);
  } catch (error) {
    return { ok: false, error: schemaError(`cannot read the document's head: ${String(error)}`) };
  }
  if (head === null)
    return { ok: false, error: schemaError('cannot find the root element in the first 1 MiB') };
  const found = documentSchema(head, documentPath, runtime.catalogs);
  if (!found.ok) return { ok: false, error: schemaError(found.message) };
  if ('dtd' in found) {
    const { path, subsetEntities } = found.dtd;
    const files = new Set<string>();
    for (const file of path === null ? subsetEntities : [path, ...subsetEntities]) {
      for (const read of runtime.dtdFiles(file)) files.add(read);
    }
    const dtd = { ...found.dtd, files };
    return { ok: true, kind: 'dtd', target: { named: found.named, compiled: null, dtd } };
  }
  try {
    const compiled = runtime.compile(found.source);
    return {
      ok: true,
      kind: found.source.kind,
      target: { named: found.named, compiled, dtd: null },
    };
  } catch (error) {
    if (error instanceof SchemaCompileError)
      return { ok: false, error: schemaError(error.message) };
    throw error;
  }
}
