import { describe, expect, it } from 'vitest';
import { count, entriesText, listText } from '../../src/lib/plural';

describe('counts as people read them', () => {
  it('uses the singular for one and the plural otherwise, zero included', () => {
    expect(count(1, 'certification')).toBe('1 certification');
    expect(count(3, 'certification')).toBe('3 certifications');
    expect(count(0, 'sign-off')).toBe('0 sign-offs');
    expect(count(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('names what arrived by kind, leaving out kinds there are none of', () => {
    expect(entriesText(0, 3)).toBe('3 certifications');
    expect(entriesText(1, 0)).toBe('1 sign-off');
    expect(entriesText(2, 1)).toBe('2 sign-offs and 1 certification');
    expect(entriesText(0, 0)).toBe('nothing');
  });

  it('joins a list as a sentence does', () => {
    expect(listText(['a'])).toBe('a');
    expect(listText(['a', 'b'])).toBe('a and b');
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
