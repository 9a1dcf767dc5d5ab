/**
 * Checks of a schema job made in the main process before any file is read, without loading
 * libxml2 (the main process of the desktop app and of `xmlpool serve` lives long; it should not
 * carry a WebAssembly heap, nor block its event loop compiling a big schema): the schema file
 * exists and is an XSD, RELAX NG schema or DTD, and every catalog parses. Whether the schema
 * compiles is found by the workers on their first file; JobRun then fails the job with libxml2's
 * message (see SchemaJobFailure).
 */
import type { SchemaOptions } from '../../shared/tasks';
import { CatalogError, Catalogs } from './catalog';
import { schemaKindOfFile } from './schema-kind';

/** What is wrong with the job's schema options, or null. */
export function schemaSetupProblem(options: SchemaOptions): string | null {
  if (options.mode === 'file' && options.file !== null) {
    const kind = schemaKindOfFile(options.file);
    if (!kind.ok) return `the schema ${options.file} cannot be used: ${kind.reason}`;
  }
  try {
    new Catalogs(options.catalogs);
  } catch (error) {
    if (error instanceof CatalogError) return error.message;
    throw error;
  }
  return null;
}
