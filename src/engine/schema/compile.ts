/**
 * Compiles a schema file with libxml2: an XML Schema (with its includes and imports), a
 * RELAX NG schema, or a DTD file. A schema that does not compile is reported with the file, line
 * and message of libxml2's first error; a file it needed and could not read (a remote URL with no
 * catalog entry, a missing include) is named too.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { SchemaKind } from '../../shared/results';
import type { Catalogs } from './catalog';
import { type CrossBatchConstraints, crossBatchConstraints } from './cross-batch';
import { describeRefusal, type InputPolicy, type InputRecord } from './input-policy';
import { type CompiledSchema, LEVEL, type Libxml2, PARSE, type RawError } from './libxml2';
import { localPathOf } from './locations';

/** A schema that cannot be used: not found, not compiling, needing a remote file. */
export class SchemaCompileError extends Error {
  override name = 'SchemaCompileError';
}

export interface SchemaSource {
  kind: SchemaKind;
  /** The schema file (absolute path). */
  path: string;
  /**
   * XSD only: several schema documents to use together (a document's xsi:schemaLocation naming
   * several namespaces). They are imported by a small schema made for them; `path` is the first.
   */
  imports?: { namespace: string | null; path: string }[];
}

export interface Compiled {
  source: SchemaSource;
  schema: CompiledSchema;
  /** Every file read to compile it, the schema itself first. */
  files: string[];
  crossBatch: CrossBatchConstraints;
}

/** Schema documents are parsed like libxml2 parses the ones they include: entities substituted. */
const SCHEMA_PARSE = PARSE.NOENT | PARSE.NO_XXE | PARSE.BIG_LINES;

/** `file:line`; without a line (libxml2 gives 0 for some errors) just the file, or the schema. */
export function compileErrorLocation(error: RawError, schema: string): string {
  const file = error.file === null ? '' : error.file;
  // A DTD is loaded through its file: URL (see dtdHolder); messages name paths everywhere else.
  const shown = file.startsWith('file:') ? (localPathOf(file) ?? file) : file;
  if (error.line <= 0) return shown === '' ? schema : shown;
  return shown === '' ? `line ${error.line}` : `${shown}:${error.line}`;
}

function firstError(errors: RawError[]): RawError | undefined {
  return errors.find((error) => error.level >= LEVEL.ERROR);
}

function compileFailure(path: string, errors: RawError[], record: InputRecord): SchemaCompileError {
  const refused = record.refused.map(describeRefusal);
  const first = firstError(errors);
  const reason = [
    ...refused,
    ...(first ? [`${compileErrorLocation(first, path)}: ${cleanMessage(first.message)}`] : []),
  ];
  return new SchemaCompileError(
    `the schema ${path} does not compile: ${reason.join('; ') || 'libxml2 gave no reason'}`,
  );
}

/** One line: libxml2's messages end with a newline and may hold several. */
export function cleanMessage(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

function readSchemaFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SchemaCompileError(`cannot read the schema ${path}: ${reason}`);
  }
}

/** A schema document that imports (or, for no namespace, includes) each of `imports`. */
function driverSchema(imports: NonNullable<SchemaSource['imports']>): Uint8Array {
  const attribute = (value: string) =>
    value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  const lines = imports.map(({ namespace, path }) => {
    const location = attribute(pathToFileURL(path).href);
    return namespace === null
      ? `<xs:include schemaLocation="${location}"/>`
      : `<xs:import namespace="${attribute(namespace)}" schemaLocation="${location}"/>`;
  });
  return new TextEncoder().encode(
    `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${lines.join('')}</xs:schema>`,
  );
}

/**
 * A tiny document whose internal subset pulls the DTD file in as a parameter entity: libxml2
 * then reads it from its own URL, so its relative parameter entities resolve beside it.
 */
function dtdHolder(path: string): Uint8Array {
  const url = pathToFileURL(path).href.replaceAll('"', '%22');
  return new TextEncoder().encode(
    `<!DOCTYPE xmlpool-dtd [<!ENTITY % xmlpool-dtd SYSTEM "${url}"> %xmlpool-dtd;]><xmlpool-dtd/>`,
  );
}

/** The files libxml2 reads to load the DTD at `path` (its parameter entities included). */
export function readDtdFiles(
  lib: Libxml2,
  policy: InputPolicy,
  catalogs: Catalogs | null,
  path: string,
): string[] {
  const { record } = policy.during({ allowLocal: true, catalogs }, () => {
    lib.freeDocument(lib.parse(dtdHolder(path), path, PARSE.DTDLOAD, () => {}));
  });
  return record.read;
}

export function compileSchema(
  lib: Libxml2,
  policy: InputPolicy,
  catalogs: Catalogs | null,
  source: SchemaSource,
): Compiled {
  const errors: RawError[] = [];
  const sink = (error: RawError) => {
    if (errors.length < 100) errors.push(error);
  };
  const rules = { allowLocal: true, catalogs };
  const { value: schema, record } = policy.during(rules, () => {
    if (source.kind === 'dtd') {
      const holder = lib.parse(dtdHolder(source.path), source.path, PARSE.DTDLOAD, sink);
      // Warnings (a redeclared entity) do not stop a DTD, errors do.
      if (holder === 0 || firstError(errors)) {
        lib.freeDocument(holder);
        return null;
      }
      return lib.dtdValidator(holder);
    }
    const bytes =
      source.imports && source.imports.length > 1
        ? driverSchema(source.imports)
        : readSchemaFile(source.path);
    const doc = lib.parse(bytes, source.path, SCHEMA_PARSE, sink);
    if (doc === 0) return null;
    return source.kind === 'xsd' ? lib.compileXsd(doc, sink) : lib.compileRng(doc, sink);
  });
  // A file the schema needed but could not have (remote, missing) fails the compile even when
  // libxml2 skipped it with a warning: validating without it would quietly check less.
  if (schema === null || record.refused.length > 0) {
    schema?.free();
    throw compileFailure(source.path, errors, record);
  }
  const files = [source.path, ...record.read.filter((file) => file !== source.path)];
  return { source, schema, files, crossBatch: crossBatchConstraints(source.kind, files) };
}
