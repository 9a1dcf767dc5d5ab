/**
 * A document that uses an external parsed entity, checked against a schema without its own DTD
 * (an XSD, a RELAX NG schema or a DTD file): the entity is never read (input-policy.ts), and
 * libxml2, told not to load it, leaves the reference out of the tree without a word. The element
 * holding it would then be checked without its text, and could pass when it should not (or fail
 * for a reason that is not there). Our scanner sees the reference, so the file fails instead,
 * saying which entity and where.
 */
import type { XmlError } from '../../shared/results';
import type { XmlHandler } from '../xml/scanner';

export interface UnreadEntity {
  name: string;
  line: number;
  column: number;
}

/** A scan handler that keeps the first reference to an external entity. */
export class UnreadEntities implements XmlHandler {
  first: UnreadEntity | null = null;

  unreadEntity(name: string, line: number, column: number): void {
    this.first ??= { name, line, column };
  }
}

/**
 * Not a `schema` error: with `--schema FILE` that kind means the job's schema cannot be used,
 * which stops the job; this is one document's problem.
 */
export function unreadEntityError(entity: UnreadEntity): XmlError {
  return {
    kind: 'limit',
    line: entity.line,
    column: entity.column,
    offset: null,
    message: `cannot check this document against the schema: it uses the external entity '${entity.name}', and xmlpool never reads a document's external entities, so its text would be missing from the check`,
  };
}
