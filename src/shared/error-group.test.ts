import { describe, expect, it } from 'vitest';
import { errorGroupKey } from './error-group';

describe('errorGroupKey', () => {
  it('groups messages that differ only in names, values, numbers and paths', () => {
    const same = [
      '</custmer> does not close <customer> opened at 4:5',
      '</titel> does not close <title> opened at 12:31',
    ].map(errorGroupKey);
    expect(same[0]).toBe(same[1]);
    expect(same[0]).toBe('</…> does not close <…> opened at N:N');
    expect(errorGroupKey("entity 'nope' is not declared")).toBe(
      errorGroupKey("entity 'company' is not declared"),
    );
    expect(errorGroupKey('cannot read /data/2024/a.xml: permission denied')).toBe(
      errorGroupKey('cannot read /other/b.xml: permission denied'),
    );
    expect(errorGroupKey('character U+0001 is not allowed in XML')).toBe(
      errorGroupKey('character U+FFFE is not allowed in XML'),
    );
  });

  it('keeps different errors apart', () => {
    expect(errorGroupKey('unexpected end of the document')).not.toBe(
      errorGroupKey("entity 'x' is not declared"),
    );
  });
});
