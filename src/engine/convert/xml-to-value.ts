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
  records(name: string, xmls: readonly string[]): RecordValues;
}

export interface RecordValues {
  /**
   * The records' key in fast-xml-parser's output: their name, except for the few names it
   * renames so its objects stay safe (`toString` becomes `__toString`).
   */
  key: string;
  values: unknown[];
}

/** The only member of a parse of one element (a record, or the batch wrapped around records). */
function onlyMember(value: unknown): { key: string; value: unknown } | null {
  if (typeof value !== 'object' || value === null) return null;
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) return null;
  const found: unknown = Reflect.get(value, key);
  return { key, value: found };
}

export function xmlConverter(
  setup: ParserSetup,
  entities: readonly (readonly [string, string])[],
  limits: ScanLimits,
): XmlConverter {
  const parser = buildParser(setup);
  const expand = entityExpander(entities, limits);
  const alwaysArray = new Set(setup.options.alwaysArray);
  const single = (name: string, xml: string) => {
    const record = onlyMember(parser.parse(expand(xml)));
    if (record === null) throw new Error(`<${name}> did not parse into one value`);
    return record;
  };
  const oneByOne = (name: string, xmls: readonly string[]): RecordValues => {
    const records = xmls.map((xml) => single(name, xml));
    return { key: records[0]?.key ?? name, values: records.map((record) => record.value) };
  };
  return {
    document: (body, prolog) => parser.parse(prolog + expand(body)),
    records(name, xmls) {
      if (xmls.length === 1) return oneByOne(name, xmls);
      const parsed = parser.parse(`<${BATCH_ELEMENT}>${expand(xmls.join(''))}</${BATCH_ELEMENT}>`);
      const group = onlyMember(onlyMember(parsed)?.value);
      // With the record's own path in alwaysArray each record is an array of one.
      const recordIsArray = alwaysArray.has(
        setup.pathPrefix === '' ? name : `${setup.pathPrefix}.${name}`,
      );
      if (group === null || !Array.isArray(group.value) || group.value.length !== xmls.length) {
        return oneByOne(name, xmls);
      }
      const values: unknown[] = group.value;
      return { key: group.key, values: recordIsArray ? values.map((value) => [value]) : values };
    },
  };
}
