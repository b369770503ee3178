import { describe, expect, it } from 'vitest';
import { keepingText } from '../../../src/lib/progress/keeping';

describe('what a trainee is told about keeping their progress', () => {
  it('says plainly when the browser has not agreed to keep it, and why that matters', () => {
    const text = keepingText('not-granted', 3);
    expect(text).toMatch(/^This browser has not agreed to keep your progress, so it may delete it/);
    expect(text).toContain('Safari does after seven days without a visit');
    expect(text).toContain('Your 3 signed entries are only here.');
    expect(text).toContain('Download your progress file after each sign-off');
    expect(text).toContain('gives everything back');
  });

  it('says the progress is still on one device only when the browser agreed to keep it', () => {
    const text = keepingText('granted', 1);
    expect(text).toMatch(/^This browser has agreed to keep your progress/);
    expect(text).toContain('Your 1 signed entry is only here.');
    expect(text).toContain('Download your progress file');
  });

  it('does not pretend to know when the browser cannot say, and counts nothing when there is nothing', () => {
    const text = keepingText('unsupported', 0);
    expect(text).toMatch(/^This browser cannot say whether it will keep your progress/);
    expect(text).not.toContain('signed entr');
    expect(text).not.toContain('(s)');
  });
});
