import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONVERT_OPTIONS, DEFAULT_SCAN_LIMITS } from '../../shared/tasks';
import { markInstructionData } from './instruction-data';
import { xmlConverter } from './xml-to-value';

const converter = (attributePrefix = '@_', parseNumbers = false) =>
  xmlConverter(
    {
      options: { ...DEFAULT_CONVERT_OPTIONS, attributePrefix, parseNumbers },
      pathPrefix: '',
      maxDepth: 100,
    },
    [],
    DEFAULT_SCAN_LIMITS,
  );

/** fast-xml-parser itself, configured as convert configures it. */
const reference = new XMLParser({
  ignoreAttributes: false,
  ignoreDeclaration: true,
  parseTagValue: false,
  htmlEntities: true,
});

describe('processing instruction data', () => {
  it('keeps data fast-xml-parser drops, trimmed, wherever the instruction is', () => {
    const xml =
      '<?xml version="1.0"?>\n<?pi  data here ?>\n<r><?pi d2?><a><?deep x=1 &amp; y?></a><?empty?></r><?after tail?>';
    expect(
      converter().document(xml.slice(xml.indexOf('<r>') + 3), xml.slice(0, xml.indexOf('<r>') + 3)),
    ).toEqual({
      '?pi': 'data here',
      r: { '?pi': 'd2', a: { '?deep': 'x=1 &amp; y' }, '?empty': '' },
      '?after': 'tail',
    });
  });

  it('matches fast-xml-parser where it keeps the data as pseudo-attributes', () => {
    for (const xml of [
      '<?xml-stylesheet href="a.css" type="text/css"?><r/>',
      '<r><?pi a=\'1\'  b="2"?></r>',
      '<r><?pi?><?pi?></r>',
    ]) {
      expect(converter().document('', xml), xml).toEqual(reference.parse(xml));
    }
    // With the attribute prefix and number parsing of the convert options.
    expect(converter('', true).document('', '<?pi n="5"?><r/>')).toEqual({
      '?pi': { n: 5 },
      r: '',
    });
  });

  it('keeps data fast-xml-parser would half drop or merge: repeated names, stray words', () => {
    expect(converter().document('', '<r><?pi a="1" rest?><?pi a="1" a="2"?></r>')).toEqual({
      r: { '?pi': ['a="1" rest', 'a="1" a="2"'] },
    });
  });

  it('leaves instructions in comments, CDATA, attribute values and the DTD alone', () => {
    const xml =
      '<!DOCTYPE r [<!ENTITY e "<?x y?>"><!-- <?c d?> -->]><r a="?>"><!-- <?no?> --><![CDATA[<?raw?>]]></r>';
    expect(markInstructionData(xml)).toEqual({ xml, data: [] });
    expect(converter().document('', xml)).toEqual(reference.parse(xml));
  });

  it('leaves text without instructions untouched, and a value that looks like a marker alone', () => {
    expect(markInstructionData('<?xml version="1.0"?><r>a</r>')).toEqual({
      xml: '<?xml version="1.0"?><r>a</r>',
      data: [],
    });
    expect(converter().document('', '<r><x xmlpool-pi="0"/><?pi data?></r>')).toEqual({
      r: { x: { '@_xmlpool-pi': '0' }, '?pi': 'data' },
    });
  });

  it('keeps the data in batches of records too', () => {
    const c = xmlConverter(
      { options: DEFAULT_CONVERT_OPTIONS, pathPrefix: 'r', maxDepth: 100 },
      [],
      DEFAULT_SCAN_LIMITS,
    );
    expect(c.records('row', ['<row><?a 1?></row>', '<row><?a 2?>t</row>']).values).toEqual([
      { '?a': '1' },
      { '?a': '2', '#text': 't' },
    ]);
  });
});
