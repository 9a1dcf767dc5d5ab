/**
 * Builds the fast-xml-parser instance for the convert task from the user's ConvertOptions.
 * Whole documents and single records use the same options; a record's paths are reported from
 * the document root (`pathPrefix`), so `alwaysArray` means the same thing in both modes.
 */
import { type X2jOptions, XMLParser } from 'fast-xml-parser';
import type { ConvertOptions } from '../../shared/tasks';
import { parseScalar, type ScalarParsing } from './scalar-values';

export interface ParserSetup {
  options: ConvertOptions;
  /** Dotted path of the element the parsed text sits in, e.g. "catalog" for records; '' for whole documents. */
  pathPrefix: string;
  /** Deepest nesting fast-xml-parser accepts (it has its own guard, 100 by default). */
  maxDepth: number;
}

/** The element records are wrapped in to parse a batch at once; not part of any path. */
export const BATCH_ELEMENT = 'xmlpool-batch';
const BATCH_PATH = `${BATCH_ELEMENT}.`;

function valueProcessor(parsing: ScalarParsing) {
  return (_name: string, value: unknown): unknown =>
    typeof value === 'string' ? parseScalar(value, parsing) : undefined;
}

export function buildParser(setup: ParserSetup): XMLParser {
  const { options, pathPrefix } = setup;
  const alwaysArray = new Set(options.alwaysArray);
  // fast-xml-parser asks about every element, and its jPath turns into a string only at some
  // cost (a tenth of a convert's time): first rule out names no always-array path ends with.
  const paths = [...alwaysArray];
  const mayBeArray = (name: string) => paths.some((p) => p === name || p.endsWith(`.${name}`));
  const parsing: ScalarParsing = { numbers: options.parseNumbers, booleans: options.parseBooleans };
  const config: X2jOptions = {
    ignoreAttributes: false,
    attributeNamePrefix: options.attributePrefix,
    textNodeName: options.textNodeName,
    // Our own value parsing decides numbers and booleans separately (fast-xml-parser ties them).
    parseTagValue: false,
    parseAttributeValue: false,
    tagValueProcessor: valueProcessor(parsing),
    attributeValueProcessor: valueProcessor(parsing),
    maxNestedTags: setup.maxDepth,
    // Also turns on numeric character references (&#169;), which are left as written otherwise.
    // The HTML names it adds cannot occur: our scanner rejects undeclared entities first.
    htmlEntities: true,
    ignoreDeclaration: true,
    isArray: (name, jPath) => {
      if (!mayBeArray(name)) return false;
      let relative = String(jPath);
      if (relative.startsWith(BATCH_PATH)) relative = relative.slice(BATCH_PATH.length);
      return alwaysArray.has(pathPrefix === '' ? relative : `${pathPrefix}.${relative}`);
    },
  };
  return new XMLParser(config);
}
