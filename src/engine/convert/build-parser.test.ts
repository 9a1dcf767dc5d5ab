import { describe, expect, it } from 'vitest';
import { DEFAULT_CONVERT_OPTIONS, DEFAULT_SCAN_LIMITS } from '../../shared/tasks';
import { buildParser } from './build-parser';
import { xmlConverter } from './xml-to-value';

const doc =
  '<shop><item id="7" on="true"><price>12.50</price><code>007</code><ok>false</ok></item></shop>';

describe('buildParser', () => {
  it('keeps every value a string by default, with the default prefix and text name', () => {
    const parser = buildParser({ options: DEFAULT_CONVERT_OPTIONS, pathPrefix: '', maxDepth: 100 });
    expect(parser.parse('<a x="1">t<b/></a>')).toEqual({ a: { '@_x': '1', '#text': 't', b: '' } });
    expect(parser.parse(doc)).toEqual({
      shop: { item: { '@_id': '7', '@_on': 'true', price: '12.50', code: '007', ok: 'false' } },
    });
  });

  it('parses numbers and booleans separately and never loses digits', () => {
    const numbers = buildParser({
      options: { ...DEFAULT_CONVERT_OPTIONS, parseNumbers: true },
      pathPrefix: '',
      maxDepth: 100,
    });
    expect(numbers.parse(doc)).toEqual({
      shop: { item: { '@_id': 7, '@_on': 'true', price: 12.5, code: '007', ok: 'false' } },
    });
    const booleans = buildParser({
      options: {
        ...DEFAULT_CONVERT_OPTIONS,
        parseBooleans: true,
        attributePrefix: '$',
        textNodeName: '_',
      },
      pathPrefix: '',
      maxDepth: 100,
    });
    expect(booleans.parse(doc)).toEqual({
      shop: { item: { $id: '7', $on: true, price: '12.50', code: '007', ok: false } },
    });
  });

  it('matches always-array paths from the document root, also for records', () => {
    const options = { ...DEFAULT_CONVERT_OPTIONS, alwaysArray: ['shop.item.code'] };
    const whole = buildParser({ options, pathPrefix: '', maxDepth: 100 });
    expect(whole.parse(doc)).toMatchObject({ shop: { item: { code: ['007'] } } });
    const record = buildParser({ options, pathPrefix: 'shop', maxDepth: 100 });
    expect(record.parse('<item><code>1</code></item>')).toEqual({ item: { code: ['1'] } });
  });

  it('expands entities declared in the DTD when a record is parsed without it', () => {
    const converter = xmlConverter(
      { options: DEFAULT_CONVERT_OPTIONS, pathPrefix: 'r', maxDepth: 100 },
      [
        ['co', 'ACME &amp; Co'],
        ['sig', '&co; &#169;'],
        ['mark', '<b>x</b>'],
      ],
      DEFAULT_SCAN_LIMITS,
    );
    expect(
      converter.records('row', ['<row a="&co;">&sig; <![CDATA[&co;]]>&mark;</row>']).values,
    ).toEqual([{ '@_a': 'ACME & Co', '#text': 'ACME & Co ©&co;', b: 'x' }]);
  });

  it('parses a batch of records into the same values as one record at a time', () => {
    for (const alwaysArray of [[], ['r.row'], ['r.row.v']]) {
      const converter = xmlConverter(
        { options: { ...DEFAULT_CONVERT_OPTIONS, alwaysArray }, pathPrefix: 'r', maxDepth: 100 },
        [],
        DEFAULT_SCAN_LIMITS,
      );
      const xmls = [
        '<row a="1"><v>x</v></row>',
        '<row/>',
        '<row><v>1</v><v>2</v></row>',
        '<row>t</row>',
      ];
      expect(converter.records('row', xmls)).toEqual({
        key: 'row',
        values: xmls.map((xml) => converter.records('row', [xml]).values[0]),
      });
    }
  });

  it('finds records under the key fast-xml-parser renames their name to', () => {
    const converter = xmlConverter(
      { options: DEFAULT_CONVERT_OPTIONS, pathPrefix: 'r', maxDepth: 100 },
      [],
      DEFAULT_SCAN_LIMITS,
    );
    const whole = converter.document('<toString>1</toString><toString>2</toString></r>', '<r>');
    expect(whole).toEqual({ r: { __toString: ['1', '2'] } });
    for (const xmls of [['<toString>1</toString>'], ['<toString>1</toString>', '<toString/>']]) {
      expect(converter.records('toString', xmls)).toEqual({
        key: '__toString',
        values: xmls.length === 1 ? ['1'] : ['1', ''],
      });
    }
  });

  it('stops runaway entity expansion', () => {
    const converter = xmlConverter(
      { options: DEFAULT_CONVERT_OPTIONS, pathPrefix: '', maxDepth: 100 },
      [
        ['a', '&b;&b;&b;&b;&b;&b;&b;&b;'],
        ['b', '&c;&c;&c;&c;&c;&c;&c;&c;'],
        ['c', 'xxxxxxxxxxxxxxxxxxxxxxxxx'],
      ],
      { ...DEFAULT_SCAN_LIMITS, maxEntityExpansions: 20 },
    );
    expect(() => converter.document('<r>&a;</r>', '')).toThrow(/limit/);
  });
});
