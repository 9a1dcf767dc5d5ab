/**
 * What batch validation cannot see: constraints that relate elements of different batches.
 * XML Schema identity constraints (xs:unique, xs:key, xs:keyref) and ID / IDREF (in XSD, DTD or
 * RELAX NG datatypes) are checked by libxml2 within each batch only. Whether a schema has any
 * is told from its files' text, generously: a false "yes" costs a warning, a false "no" would
 * let a broken reference pass silently.
 */
import { readFileSync } from 'node:fs';
import type { SchemaKind } from '../../shared/results';

export interface CrossBatchConstraints {
  /** xs:unique, xs:key or xs:keyref. */
  identity: boolean;
  /** ID, IDREF or IDREFS types. */
  ids: boolean;
}

export const NO_CROSS_BATCH: CrossBatchConstraints = { identity: false, ids: false };

const XSD_IDENTITY = /<(?:[\w.-]+:)?(?:unique|key|keyref)[\s/>]/;
const XSD_IDS = /\b(?:type|base|itemType|memberTypes)\s*=\s*["'][^"']*\b(?:ID|IDREFS?)\b/;
/**
 * Anywhere in the declarations, not only in an ATTLIST: DocBook, TEI and JATS build attribute
 * lists from parameter entities (`<!ENTITY % idattrs "id ID #IMPLIED">`, `<!ATTLIST x %idattrs;>`).
 */
const DTD_IDS = /(?:^|[\s"'(|])(?:ID|IDREFS?)(?=[\s"')|]|$)/m;
const RNG_IDS = /\btype\s*=\s*["'](?:ID|IDREFS?)["']/;

/** ID, IDREF or IDREFS attribute types in DTD text. */
export function hasDtdIds(text: string): boolean {
  return DTD_IDS.test(text);
}

export function crossBatchConstraints(
  kind: SchemaKind,
  files: readonly string[],
): CrossBatchConstraints {
  const found = { ...NO_CROSS_BATCH };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (kind === 'xsd') {
      found.identity ||= XSD_IDENTITY.test(text);
      found.ids ||= XSD_IDS.test(text);
    } else if (kind === 'dtd') {
      found.ids ||= hasDtdIds(text);
    } else {
      found.ids ||= RNG_IDS.test(text);
    }
  }
  return found;
}

/**
 * Errors that say a reference has no target (a keyref with no key, an IDREF with no ID): in a
 * batch they may only mean the target is in another batch, so they are not reported from
 * batches when the schema has such constraints (the result says they were not checked).
 */
export function isUnresolvedReference(message: string): boolean {
  return (
    /No match found for key-sequence/.test(message) ||
    /references an unknown ID/.test(message) ||
    /IDREFS? attribute .* references/.test(message) ||
    /\bIDREF\b.*\bnot found\b/i.test(message) ||
    /Unknown IDs? /.test(message)
  );
}

/** Errors about identity constraints or IDs (duplicates included). */
export function isIdentityOrIdError(message: string): boolean {
  return (
    isUnresolvedReference(message) ||
    /identity-constraint|key-sequence|keyref/.test(message) ||
    /\bID\b.*already defined/.test(message)
  );
}
