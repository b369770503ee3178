/**
 * A date format made on its first use, not when the page's script loads. Chromium spends about
 * 30 ms (over 100 ms on a phone's CPU) making a page's first Intl.DateTimeFormat, loading its
 * locale data, which made a long task of every page script that kept one at the top of a
 * module, dates shown or not. Same `format` as Intl.DateTimeFormat.
 */
export function lazyDateFormat(
  options: Intl.DateTimeFormatOptions,
  locale?: string,
): { format(date?: Date | number): string } {
  let made: Intl.DateTimeFormat | undefined;
  return { format: (date) => (made ??= new Intl.DateTimeFormat(locale, options)).format(date) };
}
