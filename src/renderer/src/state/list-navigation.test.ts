import { describe, expect, it } from 'vitest';
import { nextIndex } from './list-navigation';

describe('nextIndex', () => {
  it('moves within the list and stops at its ends', () => {
    expect(nextIndex('ArrowDown', -1, 5)).toBe(0);
    expect(nextIndex('ArrowDown', 4, 5)).toBe(4);
    expect(nextIndex('ArrowUp', 0, 5)).toBe(0);
    expect(nextIndex('ArrowUp', -1, 5)).toBe(0);
    expect(nextIndex('PageDown', 3, 50)).toBe(13);
    expect(nextIndex('PageDown', 45, 50)).toBe(49);
    expect(nextIndex('PageUp', 3, 50)).toBe(0);
    expect(nextIndex('Home', 7, 50)).toBe(0);
    expect(nextIndex('End', 7, 50)).toBe(49);
  });

  it('ignores other keys and empty lists', () => {
    expect(nextIndex('a', 1, 5)).toBeNull();
    expect(nextIndex('ArrowDown', -1, 0)).toBeNull();
  });
});
