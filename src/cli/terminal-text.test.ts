import { describe, expect, it } from 'vitest';
import { forTerminal } from './terminal-text';

describe('forTerminal', () => {
  it('escapes control characters and keeps the rest', () => {
    expect(forTerminal('a\u001b[31mred\u0007\nb\tc é')).toBe('a\\x1b[31mred\\x07\\nb\tc é');
    expect(forTerminal('\u009b2J')).toBe('\\x9b2J');
  });
});
