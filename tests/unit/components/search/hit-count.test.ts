import { describe, expect, it } from 'vitest';
import { hitCount } from '../../../../src/components/search/hit-count';

describe('the count above search results', () => {
  it('names lessons and guide pages apart, in the singular and plural', () => {
    expect(hitCount(['/lessons/a/', '/training/lessons/b/', '/guides/trainer/'], 'x')).toBe(
      '2 lessons and 1 guide page found for “x”.',
    );
    expect(hitCount(['/training/guides/owner/', '/guides/trainer/'], 'key')).toBe('2 guide pages found for “key”.');
    expect(hitCount(['/lessons/a/'], 'y')).toBe('1 lesson found for “y”.');
  });

  it('says plainly when nothing matches', () => {
    expect(hitCount([], 'qq')).toBe('Nothing in the lessons or guides mentions “qq”. Try fewer or different words.');
  });
});
