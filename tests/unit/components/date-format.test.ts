import { describe, expect, it, vi } from 'vitest';
import { lazyDateFormat } from '../../../src/components/date-format';

describe('lazyDateFormat', () => {
  it('makes no Intl.DateTimeFormat until the first date is formatted, then only one', () => {
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    const format = lazyDateFormat({ dateStyle: 'medium', timeZone: 'UTC' }, 'en-GB');
    expect(made).not.toHaveBeenCalled();
    const date = new Date('2026-03-04T12:00:00Z');
    expect(format.format(date)).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(date),
    );
    format.format(date);
    // One for the lazy format, one for the comparison above.
    expect(made).toHaveBeenCalledTimes(2);
    made.mockRestore();
  });
});
