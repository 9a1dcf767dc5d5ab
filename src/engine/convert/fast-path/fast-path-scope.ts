/**
 * What the fast path (json-from-events.ts) can be trusted with, decided before a scan: options
 * and DTDs whose effect on fast-xml-parser's output it does not reproduce send the whole file to
 * fast-xml-parser up front. Shapes found only while scanning are refused by the builder itself.
 */
import type { ConvertOptions } from '../../../shared/tasks';
import type { RootContext } from '../../split/types';

/** A key JavaScript orders before all others in an object (an array index): "0", "17"... */
const ARRAY_INDEX = /^(0|[1-9]\d{0,9})$/;

/** Why a file must be converted by fast-xml-parser, or null when the fast path may try. */
export function fastPathRefusal(options: ConvertOptions, root: RootContext | null): string | null {
  if (root === null) return 'the root could not be read from the head of the file';
  if (ARRAY_INDEX.test(options.textNodeName)) return 'a text node name that is a number';
  // fast-xml-parser asks about attributes too: with no prefix, a path may name one.
  if (options.attributePrefix === '' && options.alwaysArray.length > 0) {
    return 'always-array paths with an empty attribute prefix';
  }
  if (options.alwaysArray.some((path) => path.includes('?'))) {
    return 'always-array paths naming a processing instruction';
  }
  // fast-xml-parser leaves references to entities it does not know as written.
  if (root.externalEntities.length > 0 || root.undeclaredEntitiesAllowed) {
    return 'entities declared outside the document';
  }
  // Elements from an entity's replacement text directly in the root are grouped by fast-xml-
  // parser's NDJSON path, not one line each; rare enough to leave all markup in entities to it.
  if (root.entities.some(([, text]) => text.includes('<'))) return 'markup in an entity';
  return null;
}
