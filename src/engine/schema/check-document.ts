/**
 * One document (a whole file, or a batch of records) through libxml2: parse it and check it
 * against its schema. With an XSD, a RELAX NG schema or a DTD file the tree is built without
 * reading anything (external DTDs and entities refused) and validated afterwards; against the DTD
 * a document names itself, libxml2 validates while it parses, reading that DTD (and nothing
 * remote) through the input policy, as `xmllint --valid` does.
 *
 * That last way parses the DTD again for every document: on CLDR (a 128 KB DTD, files of 2 KB
 * median) it is over half of libxml2's time. So a document naming an external DTD is first
 * checked against that DTD compiled once per worker (see cachedDtdCheck); only when that check
 * is not clean, or cannot stand for the parse-time one, is the document checked the exact way.
 */
import { type Compiled, SchemaCompileError } from './compile';
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

/** Tree only: no DTD read, nothing substituted, nothing validated while parsing. */
const PLAIN_PARSE = PARSE.NO_XXE | PARSE.BIG_LINES;

/**
 * The document checked against its external DTD as compiled once per worker (like
 * `xmllint --dtdvalid`), or null when that cannot stand for `xmllint --valid`'s verdict.
 *
 * The two agree on a valid document whose prolog adds nothing to the DTD: the parse-time check
 * differs only where the loaded DTD changes the tree or adds constraints, and each such case
 * shows here: an entity the DTD declares (undeclared here: a warning), an internal subset
 * (its declarations would be ignored), `standalone="yes"` (its extra constraints), attribute
 * values the DTD would normalise (stricter here: an error), a root the DOCTYPE does not name
 * (xmlValidateDtd does not compare them). So anything but a clean run, with none of those, means
 * null: the caller checks the exact way, and reports that check's errors and positions.
 */
function cachedDtdCheck(
  runtime: SchemaRuntime,
  path: string,
  bytes: Uint8Array,
  url: string,
  hooks: CheckHooks,
): CheckOutcome | null {
  let compiled: Compiled;
  try {
    compiled = runtime.compile({ kind: 'dtd', path });
  } catch (error) {
    // The exact way reports what is wrong with the DTD, as it always has.
    if (error instanceof SchemaCompileError) return null;
    throw error;
  }
  const { lib, policy } = runtime;
  let clean = true;
  const sink = () => {
    clean = false;
  };
  const { value, record } = policy.during({ allowLocal: false, catalogs: null }, () => {
    const doc = lib.parse(bytes, url, PLAIN_PARSE, sink);
    try {
      if (doc === 0 || !clean) return false;
      const prolog = lib.prologOf(doc);
      if (prolog.standalone || prolog.internalDeclarations || !prolog.rootNamed) return false;
      if (!compiled.schema.validate(doc, sink) || !clean) return false;
      hooks.beforeFree();
      return true;
    } finally {
      lib.freeDocument(doc);
    }
  });
  return value && record.refused.length === 0 ? { fatal: null, record } : null;
}

export function checkDocument(
  runtime: SchemaRuntime,
  target: CheckTarget,
  bytes: Uint8Array,
  url: string,
  hooks: CheckHooks,
): CheckOutcome {
  if (target.dtd?.path) {
    const cached = cachedDtdCheck(runtime, target.dtd.path, bytes, url, hooks);
    if (cached !== null) return cached;
  }
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
