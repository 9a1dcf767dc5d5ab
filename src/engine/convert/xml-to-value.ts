/**
 * XML text to the JSON values written out: entities declared in the DTD expanded, then parsed by
 * fast-xml-parser. Records are parsed in batches, because each fast-xml-parser call has a fixed
 * cost (about a millisecond here) that would otherwise dominate small records: a run of records
 * with the same name is wrapped in one element, parsed once, and split back into one value each.
 */
import type { ScanLimits } from '../../shared/tasks';
import { BATCH_ELEMENT, buildParser, type ParserSetup } from './build-parser';
import { entityExpander } from './expand-entities';

export interface XmlConverter {
  /** A whole document; `prolog` (declaration, DTD, root start tag) is passed on as written. */
  document(body: string, prolog: string): unknown;
  /** The values of consecutive records all named `name`, one per record, in order. */
  records(name: string, xmls: readonly string[]): unknown[];
}

function member(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
  const found: unknown = Reflect.get(value, key);
  return found;
}

export function xmlConverter(
  setup: ParserSetup,
  entities: readonly (readonly [string, string])[],
  limits: ScanLimits,
): XmlConverter {
  const parser = buildParser(setup);
  const expand = entityExpander(entities, limits);
  const alwaysArray = new Set(setup.options.alwaysArray);
  const single = (name: string, xml: string): unknown => member(parser.parse(expand(xml)), name);
  return {
    document: (body, prolog) => parser.parse(prolog + expand(body)),
    records(name, xmls) {
      if (xmls.length === 1) return [single(name, xmls[0] ?? '')];
      const parsed = parser.parse(`<${BATCH_ELEMENT}>${expand(xmls.join(''))}</${BATCH_ELEMENT}>`);
      const group = member(member(parsed, BATCH_ELEMENT), name);
      // With the record's own path in alwaysArray each record is an array of one.
      const recordIsArray = alwaysArray.has(
        setup.pathPrefix === '' ? name : `${setup.pathPrefix}.${name}`,
      );
      if (!Array.isArray(group) || group.length !== xmls.length) {
        return xmls.map((xml) => single(name, xml));
      }
      return recordIsArray ? group.map((value) => [value]) : group;
    },
  };
}
