/**
 * XML text to the JSON values written out: entities declared in the DTD expanded, then parsed by
 * fast-xml-parser (with the data of processing instructions kept, see instruction-data.ts).
 * Records are parsed in batches, because each fast-xml-parser call has a fixed cost (about a
 * millisecond here) that would otherwise dominate small records: a run of records with the same
 * name is wrapped in one element, parsed once, and split back into one value each.
 */
import type { XMLParser } from 'fast-xml-parser';
import type { ScanLimits } from '../../shared/tasks';
import { BATCH_ELEMENT, buildParser, type ParserSetup } from './build-parser';
import { entityExpander } from './expand-entities';
import {
  INSTRUCTION_MARKER,
  markInstructionData,
  restoreInstructionData,
} from './instruction-data';

export interface XmlConverter {
  /** A whole document; `prolog` (declaration, DTD, root start tag) is passed on as written. */
  document(body: string, prolog: string): unknown;
  /** The values of consecutive records all named `name`, one per record, in order. */
  records(name: string, xmls: readonly string[]): RecordValues;
  /**
   * Content of the root that is not an element of its own (text, CDATA, references, comments,
   * processing instructions), as the members fast-xml-parser gives it in the root's object: the
   * text under the text node name, instructions under `?target`. None for whitespace alone.
   */
  content(xml: string): [string, unknown][];
  /**
   * The root element without its content, as whole-document JSON gives it: its key, and `""` or
   * an object of its attributes. `prolog` runs from the document's start through the root's
   * start tag; `closing` is its end tag (empty for `<root/>`).
   */
  rootElement(prolog: string, closing: string): [string, unknown] | null;
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
  const markerKey = `${setup.options.attributePrefix}${INSTRUCTION_MARKER}`;
  const parse = (xml: string, by = parser): unknown => {
    const kept = markInstructionData(xml);
    return restoreInstructionData(by.parse(kept.xml), kept.data, markerKey);
  };
  // The root's own paths start at the document, not under the root (made once, when needed).
  let documentParser: XMLParser | null = null;
  const expand = entityExpander(entities, limits);
  const alwaysArray = new Set(setup.options.alwaysArray);
  const single = (name: string, xml: string) => {
    const record = onlyMember(parse(expand(xml)));
    if (record === null) throw new Error(`<${name}> did not parse into one value`);
    return record;
  };
  const oneByOne = (name: string, xmls: readonly string[]): RecordValues => {
    const records = xmls.map((xml) => single(name, xml));
    return { key: records[0]?.key ?? name, values: records.map((record) => record.value) };
  };
  return {
    document: (body, prolog) => parse(prolog + expand(body)),
    content(xml) {
      // Wrapped like a batch: the wrapper stands for the root, so paths are the root's.
      const wrapper = onlyMember(parse(`<${BATCH_ELEMENT}>${expand(xml)}</${BATCH_ELEMENT}>`));
      const value = wrapper?.value;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return Object.entries(value);
      }
      return value === '' || value === undefined ? [] : [[setup.options.textNodeName, value]];
    },
    rootElement(prolog, closing) {
      documentParser ??= buildParser({ ...setup, pathPrefix: '' });
      const parsed = parse(prolog + closing, documentParser);
      if (typeof parsed !== 'object' || parsed === null) return null;
      // The other members are the prolog's processing instructions.
      return Object.entries(parsed).find(([key]) => !key.startsWith('?')) ?? null;
    },
    records(name, xmls) {
      if (xmls.length === 1) return oneByOne(name, xmls);
      const parsed = parse(`<${BATCH_ELEMENT}>${expand(xmls.join(''))}</${BATCH_ELEMENT}>`);
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
