import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forTerminal } from './terminal-text';

/** Every character a terminal may act on: C0, DEL, C1, bidi controls, line separators. */
function isControl(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

describe('forTerminal', () => {
  it('turns an OSC title sequence, a screen clear and a newline into visible escapes', () => {
    expect(forTerminal('\x1b]0;pwned\x07a.xml')).toBe('\\x1b]0;pwned\\x07a.xml');
    expect(forTerminal('b\x1b[2J\x1b[H.xml')).toBe('b\\x1b[2J\\x1b[H.xml');
    expect(forTerminal('one\ntwo\r.xml\tx')).toBe('one\\ntwo\\r.xml\\tx');
  });

  it('escapes DEL, C1 controls and bidi overrides', () => {
    expect(forTerminal('a\x7fb')).toBe('a\\x7fb');
    expect(forTerminal('a\u009b2Jb')).toBe('a\\x9b2Jb');
    expect(forTerminal('evil\u202elmx.exe')).toBe('evil\\u202elmx.exe');
    expect(forTerminal('\u2066x\u2069\u200f')).toBe('\\u2066x\\u2069\\u200f');
  });

  it('leaves ordinary names alone, non-ASCII and backslashes included', () => {
    for (const name of ['data/2024/orders.xml', 'C:\\data\\a.xml', 'données/日本語 ü.xml', '']) {
      expect(forTerminal(name)).toBe(name);
    }
  });

  it('never lets a control character through, and changes nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = forTerminal(text);
        for (const char of shown) expect(isControl(char.codePointAt(0) ?? 0)).toBe(false);
        // Without the controls, both sides read the same.
        const plain = [...text].filter((c) => !isControl(c.codePointAt(0) ?? 0)).join('');
        expect(shown.replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])/g, '')).toBe(
          plain.replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[tnr])/g, ''),
        );
      }),
    );
  });
});
