/**
 * One document (a whole file, or a batch of records) through libxml2: parse it and check it
 * against its schema. With an XSD, a RELAX NG schema or a DTD file the tree is built without
 * reading anything (external DTDs and entities refused) and validated afterwards; against the DTD
 * a document names itself, libxml2 validates while it parses, reading that DTD (and nothing
 * remote) through the input policy.
 */
import type { Compiled } from './compile';
import type { DocumentDtd } from './document-schema';
import type { InputRecord } from './input-policy';
import { LEVEL, PARSE, type RawError } from './libxml2';
import type { SchemaRuntime } from './runtime';

export interface CheckTarget {
  /** What the user or the document named, for the result. */
  named: string;
  compiled: Compiled | null;
  /** Set instead of `compiled` for validation against the document's own DTD. */
  dtd: DocumentDtd | null;
}

/**
 * XSD validation cannot walk entity references, so entities are substituted (as `xmllint
 * --noent --schema` needs too); NO_XXE keeps that from reading any external entity.
 */
const TREE_PARSE = PARSE.NOENT | PARSE.NO_XXE | PARSE.BIG_LINES;
/** As `xmllint --valid`: load the DTD the document names and validate while parsing. */
const DTD_PARSE = PARSE.DTDLOAD | PARSE.DTDVALID | PARSE.BIG_LINES;

export interface CheckHooks {
  /** A validity error (level ERROR). Its `path()` works until `beforeFree` has run. */
  onError(error: RawError): void;
  /** Called while the tree still exists, after the last error. */
  beforeFree(): void;
}

export interface CheckOutcome {
  /** libxml2 could not build the tree (a limit of its own, or a file it needed). */
  fatal: RawError | null;
  /** Files read and refused during the parse (the document's own DTD). */
  record: InputRecord;
}

export function checkDocument(
  runtime: SchemaRuntime,
  target: CheckTarget,
  bytes: Uint8Array,
  url: string,
  hooks: CheckHooks,
): CheckOutcome {
  const { lib, policy } = runtime;
  let fatal: RawError | null = null;
  const sink = (error: RawError) => {
    if (error.level >= LEVEL.FATAL) fatal ??= error;
    else if (error.level === LEVEL.ERROR && fatal === null) hooks.onError(error);
  };
  const dtd = target.dtd;
  const rules =
    dtd === null
      ? { allowLocal: false, catalogs: null }
      : {
          allowLocal: true,
          catalogs: runtime.catalogs,
          redirects: dtd.redirects,
          only: dtd.files,
        };
  const { record } = policy.during(rules, () => {
    const doc = lib.parse(bytes, url, dtd === null ? TREE_PARSE : DTD_PARSE, sink);
    try {
      if (doc !== 0 && fatal === null && target.compiled !== null) {
        target.compiled.schema.validate(doc, sink);
      }
      hooks.beforeFree();
    } finally {
      lib.freeDocument(doc);
    }
    if (doc === 0 && fatal === null) {
      fatal = {
        level: LEVEL.FATAL,
        line: 0,
        column: 0,
        message: 'libxml2 could not build the document tree',
        file: null,
        path: () => null,
      };
    }
  });
  return { fatal, record };
}
