import { describe, expect, it } from 'vitest';
import { errorGroupKey, groupErrors, hasErrorGroup, normaliseMessage } from './error-groups';
import type { FileResult, XmlError } from './results';

function invalid(message: string, line = 1): XmlError {
  return { kind: 'invalid', line, column: null, offset: null, message };
}

function result(file: string, errors: XmlError[]): FileResult {
  return {
    file,
    index: 0,
    task: 'validate',
    ok: errors.length === 0,
    bytes: 1,
    elements: 1,
    errorMode: 'all-validity',
    errors,
    encoding: 'UTF-8',
    durationMs: 1,
    workerId: 1,
    attempts: 1,
  };
}

describe('normaliseMessage', () => {
  it('keeps what names the problem and drops what varies between instances', () => {
    const cases: [string, string][] = [
      [
        "Element '{urn:c}qty': 'abc' is not a valid value of the atomic type '{urn:c}qtyT'.",
        "Element 'qty': '…' is not a valid value of the atomic type 'qtyT'.",
      ],
      [
        "Element 'qty': [facet 'maxInclusive'] The value '11' is greater than the maximum value allowed ('10').",
        "Element 'qty': [facet 'maxInclusive'] The value '…' is greater than the maximum value allowed ('#').",
      ],
      [
        "Element 'item': Duplicate key-sequence ['a', 'b'] in key identity-constraint 'k'.",
        "Element 'item': Duplicate key-sequence ['…'] in key identity-constraint 'k'.",
      ],
      ['ID r12 already defined', 'ID … already defined'],
      [
        'IDREF attribute ref references an unknown ID "zz"',
        'IDREF attribute ref references an unknown ID "…"',
      ],
      [
        'Element record content does not follow the DTD, expecting (qty), got (qty x )',
        'Element record content does not follow the DTD, expecting (qty), got (…)',
      ],
      ['</a> does not close <b> opened at 12:3', '</a> does not close <b> opened at #:#'],
      // What the schema fixes stays as written: a pattern's quantifiers, an enumeration's set.
      [
        "Element '{urn:c}code': [facet 'pattern'] The value 'AbC' is not accepted by the pattern '[A-Z]{3}\\d{2,4}x'.",
        "Element 'code': [facet 'pattern'] The value '…' is not accepted by the pattern '[A-Z]{3}\\d{2,4}x'.",
      ],
      [
        "Element 'c': [facet 'enumeration'] The value 'x' is not an element of the set {'ä', '1'}.",
        "Element 'c': [facet 'enumeration'] The value '…' is not an element of the set {'ä', '1'}.",
      ],
    ];
    for (const [message, normalised] of cases) expect(normaliseMessage(message)).toBe(normalised);
  });
});

describe('groupErrors', () => {
  it('counts files and errors per group, most widespread first', () => {
    const results = [
      result('a.xml', [
        invalid("Element 'n': 'x' is not a valid value of the atomic type 'xs:int'.", 3),
        invalid("Element 'n': 'y' is not a valid value of the atomic type 'xs:int'.", 4),
      ]),
      result('b.xml', [
        invalid("Element 'n': '7x' is not a valid value of the atomic type 'xs:int'."),
      ]),
      result('c.xml', [invalid("Element 'extra': This element is not expected.")]),
      result('d.xml', []),
    ];
    const groups = groupErrors(results);
    expect(groups.map(({ files, errors, message }) => ({ files, errors, message }))).toEqual([
      {
        files: 2,
        errors: 3,
        message: "Element 'n': '…' is not a valid value of the atomic type 'xs:int'.",
      },
      { files: 1, errors: 1, message: "Element 'extra': This element is not expected." },
    ]);
    const first = groups[0]?.key ?? '';
    expect(results.filter((r) => hasErrorGroup(r, first)).map((r) => r.file)).toEqual([
      'a.xml',
      'b.xml',
    ]);
    expect(errorGroupKey(invalid('x'))).toBe('invalid: x');
  });
});
