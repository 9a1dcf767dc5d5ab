/**
 * The document type declaration, parsed as far as well-formedness needs: the syntax of every
 * markup declaration in the internal subset, and the general entities it declares. External
 * subsets and parameter entities are never read.
 */
import { isNameNonAscii, NAME_ASCII, PUBID_ASCII } from './chars';
import type { Cursor } from './cursor';
import { type EntityTable, internalEntity } from './entities';
import { readCharRef, skipComment, skipProcessingInstruction } from './markup';

const QUOTE = 0x22;
const APOS = 0x27;

/** Scans a quoted attribute value at the cursor (provided by the scanner, which owns the rules). */
export type AttributeValueScanner = () => void;

/** Parses from just after `<!DOCTYPE` through its closing '>'. */
export function parseDoctype(
  cur: Cursor,
  entities: EntityTable,
  scanAttValue: AttributeValueScanner,
): void {
  requireSpace(cur, "after '<!DOCTYPE'");
  cur.readName('as the document type name');
  const spaced = cur.skipSpace() > 0;
  let b = cur.byteAt(cur.pos, 'in the DOCTYPE');
  if (b === 0x53 || b === 0x50) {
    if (!spaced) cur.fail('syntax', 'expected whitespace before the external identifier');
    parseExternalId(cur, false);
    entities.incomplete = true;
    cur.skipSpace();
    b = cur.byteAt(cur.pos, 'in the DOCTYPE');
  }
  if (b === 0x5b) {
    cur.pos++;
    parseInternalSubset(cur, entities, scanAttValue);
    cur.skipSpace();
    b = cur.byteAt(cur.pos, 'in the DOCTYPE');
  }
  if (b !== 0x3e) cur.fail('syntax', "expected '>' to end the DOCTYPE");
  cur.pos++;
}

function requireSpace(cur: Cursor, where: string): void {
  if (cur.skipSpace() === 0) cur.fail('syntax', `expected whitespace ${where}`);
}

function readKeyword(cur: Cursor, where: string): string {
  cur.readName(where);
  return cur.decode(cur.nameStart, cur.nameEnd);
}

function readNcName(cur: Cursor, where: string): string {
  cur.readName(where);
  if (cur.nameColon >= 0) {
    cur.pos = cur.nameStart;
    cur.fail('syntax', `a colon is not allowed in ${where.replace(/^as /, '')}`);
  }
  return cur.decode(cur.nameStart, cur.nameEnd);
}

/** ExternalID, or with `publicOnlyAllowed` also a NOTATION's PublicID. */
function parseExternalId(cur: Cursor, publicOnlyAllowed: boolean): void {
  const keywordStart = cur.pos;
  const keyword = readKeyword(cur, "as 'SYSTEM' or 'PUBLIC'");
  if (keyword === 'SYSTEM') {
    requireSpace(cur, "after 'SYSTEM'");
    skipLiteral(cur, false);
  } else if (keyword === 'PUBLIC') {
    requireSpace(cur, "after 'PUBLIC'");
    skipLiteral(cur, true);
    const spaced = cur.skipSpace() > 0;
    const b = cur.byteAt(cur.pos, 'after the public identifier');
    if (b === QUOTE || b === APOS) {
      if (!spaced) cur.fail('syntax', 'expected whitespace before the system literal');
      skipLiteral(cur, false);
    } else if (!publicOnlyAllowed) {
      cur.fail('syntax', 'expected the system literal after the public identifier');
    }
  } else {
    cur.pos = keywordStart;
    cur.fail('syntax', `expected 'SYSTEM' or 'PUBLIC', found '${keyword}'`);
  }
}

function skipLiteral(cur: Cursor, pubid: boolean): void {
  const quote = cur.byteAt(cur.pos, 'where a quoted literal was expected');
  if (quote !== QUOTE && quote !== APOS) cur.fail('syntax', 'expected a quoted literal');
  cur.pos++;
  for (;;) {
    const b = cur.byteAt(cur.pos, 'inside a quoted literal');
    if (b === quote) {
      cur.pos++;
      return;
    }
    if (pubid && (b >= 0x80 || PUBID_ASCII[b] !== 1)) {
      cur.fail('syntax', 'this character is not allowed in a public identifier');
    }
    cur.readChar('inside a quoted literal');
  }
}

function parseInternalSubset(
  cur: Cursor,
  entities: EntityTable,
  scanAttValue: AttributeValueScanner,
): void {
  // Declarations after an unread parameter entity may depend on it: XML 1.0 5.1 says a
  // non-validating processor must not process them unless the document is standalone.
  let processing = true;
  for (;;) {
    cur.skipSpace();
    const b = cur.byteAt(cur.pos, 'in the internal DTD subset (missing "]>")');
    if (b === 0x5d) {
      cur.pos++;
      return;
    }
    if (b === 0x25) {
      cur.pos++;
      readNcName(cur, 'as a parameter-entity name');
      if (cur.byteAt(cur.pos, 'in a parameter-entity reference') !== 0x3b) {
        cur.fail('syntax', "expected ';' after the parameter-entity name");
      }
      cur.pos++;
      entities.incomplete = true;
      if (!entities.standalone) processing = false;
      continue;
    }
    if (b !== 0x3c) cur.fail('syntax', 'expected a markup declaration in the internal DTD subset');
    if (cur.lookingAt('<!--')) {
      skipComment(cur);
    } else if (cur.lookingAt('<?')) {
      skipProcessingInstruction(cur);
    } else if (cur.lookingAt('<!ENTITY')) {
      cur.pos += 8;
      parseEntityDecl(cur, entities, processing);
    } else if (cur.lookingAt('<!ELEMENT')) {
      cur.pos += 9;
      parseElementDecl(cur);
    } else if (cur.lookingAt('<!ATTLIST')) {
      cur.pos += 9;
      parseAttlistDecl(cur, scanAttValue);
    } else if (cur.lookingAt('<!NOTATION')) {
      cur.pos += 10;
      requireSpace(cur, "after '<!NOTATION'");
      readNcName(cur, 'as a notation name');
      requireSpace(cur, 'after the notation name');
      parseExternalId(cur, true);
      endDecl(cur, 'NOTATION');
    } else if (cur.lookingAt('<![')) {
      cur.fail('syntax', 'conditional sections are not allowed in the internal DTD subset');
    } else {
      cur.fail('syntax', 'expected a markup declaration in the internal DTD subset');
    }
  }
}

function endDecl(cur: Cursor, what: string): void {
  cur.skipSpace();
  if (cur.byteAt(cur.pos, `in the ${what} declaration`) !== 0x3e) {
    cur.fail('syntax', `expected '>' to end the ${what} declaration`);
  }
  cur.pos++;
}

function parseEntityDecl(cur: Cursor, entities: EntityTable, processing: boolean): void {
  requireSpace(cur, "after '<!ENTITY'");
  let parameter = false;
  if (cur.byteAt(cur.pos, 'in the ENTITY declaration') === 0x25) {
    parameter = true;
    cur.pos++;
    requireSpace(cur, "after '%'");
  }
  const name = readNcName(cur, 'as an entity name');
  requireSpace(cur, 'after the entity name');
  const b = cur.byteAt(cur.pos, 'in the ENTITY declaration');
  if (b === QUOTE || b === APOS) {
    const text = readEntityValue(cur, b);
    if (processing && !parameter) entities.declare(name, internalEntity(text));
  } else {
    parseExternalId(cur, false);
    let unparsed = false;
    const spaced = cur.skipSpace() > 0;
    if (cur.lookingAt('NDATA')) {
      if (!spaced) cur.fail('syntax', "expected whitespace before 'NDATA'");
      if (parameter) cur.fail('syntax', 'parameter entities cannot be unparsed (NDATA)');
      cur.pos += 5;
      requireSpace(cur, "after 'NDATA'");
      readNcName(cur, 'as a notation name');
      unparsed = true;
    }
    if (processing && !parameter)
      entities.declare(name, { kind: unparsed ? 'unparsed' : 'external' });
  }
  endDecl(cur, 'ENTITY');
}

/** EntityValue; returns the replacement text (character references expanded). */
function readEntityValue(cur: Cursor, quote: number): string {
  cur.pos++;
  let text = '';
  let runStart = cur.pos;
  for (;;) {
    const b = cur.byteAt(cur.pos, 'inside the entity value');
    if (b === quote) {
      text += cur.decode(runStart, cur.pos);
      cur.pos++;
      return text;
    }
    if (b === 0x25) {
      cur.fail(
        'syntax',
        'parameter-entity references are not allowed inside markup declarations in the internal subset',
      );
    }
    if (b === 0x26) {
      if (cur.byteAt(cur.pos + 1, 'in a reference') === 0x23) {
        text += cur.decode(runStart, cur.pos);
        text += String.fromCodePoint(readCharRef(cur));
        runStart = cur.pos;
      } else {
        cur.pos++;
        readNcName(cur, 'as an entity name');
        if (cur.byteAt(cur.pos, 'in an entity reference') !== 0x3b) {
          cur.fail('syntax', "expected ';' after the entity name");
        }
        cur.pos++;
      }
      continue;
    }
    cur.readChar('inside the entity value');
  }
}

function parseElementDecl(cur: Cursor): void {
  requireSpace(cur, "after '<!ELEMENT'");
  cur.readName('as the element name');
  requireSpace(cur, 'after the element name');
  const b = cur.byteAt(cur.pos, 'in the ELEMENT declaration');
  if (b === 0x28) {
    parseContentModel(cur);
  } else {
    const start = cur.pos;
    const keyword = readKeyword(cur, "as 'EMPTY', 'ANY' or a content model");
    if (keyword !== 'EMPTY' && keyword !== 'ANY') {
      cur.pos = start;
      cur.fail('syntax', `expected 'EMPTY', 'ANY' or '(', found '${keyword}'`);
    }
  }
  endDecl(cur, 'ELEMENT');
}

function skipModifier(cur: Cursor): void {
  const b = cur.byteAt(cur.pos, 'in a content model');
  if (b === 0x3f || b === 0x2a || b === 0x2b) cur.pos++;
}

/** Mixed or children content model, iteratively (nesting depth is the input's, not the stack's). */
function parseContentModel(cur: Cursor): void {
  cur.pos++;
  cur.skipSpace();
  if (cur.lookingAt('#PCDATA')) {
    cur.pos += 7;
    let names = 0;
    for (;;) {
      cur.skipSpace();
      const b = cur.byteAt(cur.pos, 'in a mixed content model');
      if (b === 0x29) {
        cur.pos++;
        if (cur.byteAt(cur.pos, 'in a mixed content model') === 0x2a) cur.pos++;
        else if (names > 0)
          cur.fail('syntax', "a mixed content model with names must end with ')*'");
        return;
      }
      if (b !== 0x7c) cur.fail('syntax', "expected '|' or ')' in a mixed content model");
      cur.pos++;
      cur.skipSpace();
      cur.readName('in a mixed content model');
      names++;
    }
  }
  // Separator of each open group: 0 until the group's first separator is seen.
  const separators: number[] = [0];
  let expectParticle = true;
  for (;;) {
    cur.skipSpace();
    const b = cur.byteAt(cur.pos, 'in a content model');
    if (expectParticle) {
      if (b === 0x28) {
        cur.pos++;
        separators.push(0);
        continue;
      }
      if (b === 0x23) cur.fail('syntax', "'#PCDATA' must come first in a mixed content model");
      cur.readName('in a content model');
      skipModifier(cur);
      expectParticle = false;
      continue;
    }
    if (b === 0x7c || b === 0x2c) {
      const top = separators.length - 1;
      const current = separators[top];
      if (current !== 0 && current !== b) {
        cur.fail('syntax', "'|' and ',' cannot be mixed in one content model group");
      }
      separators[top] = b;
      cur.pos++;
      expectParticle = true;
      continue;
    }
    if (b === 0x29) {
      separators.pop();
      cur.pos++;
      skipModifier(cur);
      if (separators.length === 0) return;
      continue;
    }
    cur.fail('syntax', "expected '|', ',' or ')' in a content model");
  }
}

const ATTRIBUTE_TYPES = new Set([
  'CDATA',
  'ID',
  'IDREF',
  'IDREFS',
  'ENTITY',
  'ENTITIES',
  'NMTOKEN',
  'NMTOKENS',
]);

function parseAttlistDecl(cur: Cursor, scanAttValue: AttributeValueScanner): void {
  requireSpace(cur, "after '<!ATTLIST'");
  cur.readName('as the element name');
  for (;;) {
    const spaced = cur.skipSpace() > 0;
    if (cur.byteAt(cur.pos, 'in the ATTLIST declaration') === 0x3e) {
      cur.pos++;
      return;
    }
    if (!spaced) cur.fail('syntax', 'expected whitespace before the attribute name');
    cur.readName('as an attribute name');
    requireSpace(cur, 'after the attribute name');
    if (cur.byteAt(cur.pos, 'in the ATTLIST declaration') === 0x28) {
      parseEnumeration(cur, true);
    } else {
      const start = cur.pos;
      const type = readKeyword(cur, 'as an attribute type');
      if (type === 'NOTATION') {
        requireSpace(cur, "after 'NOTATION'");
        if (cur.byteAt(cur.pos, 'in the ATTLIST declaration') !== 0x28) {
          cur.fail('syntax', "expected '(' after 'NOTATION'");
        }
        parseEnumeration(cur, false);
      } else if (!ATTRIBUTE_TYPES.has(type)) {
        cur.pos = start;
        cur.fail('syntax', `'${type}' is not an attribute type`);
      }
    }
    requireSpace(cur, 'after the attribute type');
    const b = cur.byteAt(cur.pos, 'in the ATTLIST declaration');
    if (b === 0x23) {
      cur.pos++;
      const start = cur.pos;
      const keyword = readKeyword(cur, "after '#'");
      if (keyword === 'FIXED') {
        requireSpace(cur, "after '#FIXED'");
        scanDefault(cur, scanAttValue);
      } else if (keyword !== 'REQUIRED' && keyword !== 'IMPLIED') {
        cur.pos = start - 1;
        cur.fail('syntax', `expected '#REQUIRED', '#IMPLIED' or '#FIXED', found '#${keyword}'`);
      }
    } else {
      scanDefault(cur, scanAttValue);
    }
  }
}

function scanDefault(cur: Cursor, scanAttValue: AttributeValueScanner): void {
  const q = cur.byteAt(cur.pos, 'in the attribute default');
  if (q !== QUOTE && q !== APOS) cur.fail('syntax', 'expected a quoted default value');
  scanAttValue();
}

/** `( a | b | c )` of names (NOTATION) or name tokens (enumerations). */
function parseEnumeration(cur: Cursor, tokens: boolean): void {
  cur.pos++;
  for (;;) {
    cur.skipSpace();
    if (tokens) readNmtoken(cur);
    else cur.readName('in the NOTATION list');
    cur.skipSpace();
    const b = cur.byteAt(cur.pos, 'in an enumeration');
    cur.pos++;
    if (b === 0x29) return;
    if (b !== 0x7c) {
      cur.pos--;
      cur.fail('syntax', "expected '|' or ')' in an enumeration");
    }
  }
}

function readNmtoken(cur: Cursor): void {
  const start = cur.pos;
  for (;;) {
    const b = cur.byteAt(cur.pos, 'in a name token');
    if (b < 0x80) {
      if (NAME_ASCII[b] !== 1) break;
      cur.pos++;
    } else {
      const before = cur.pos;
      const cp = cur.readMultiByte('in a name token');
      if (!isNameNonAscii(cp)) {
        cur.pos = before;
        break;
      }
    }
  }
  if (cur.pos === start) cur.fail('syntax', 'expected a name token');
}
