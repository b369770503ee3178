/**
 * Counts as people read them: "1 certification", "3 certifications", never "(s)".
 * English only, like the rest of the site's sentences; nouns with an irregular plural pass it.
 */

/** "1 sign-off", "2 sign-offs"; `plural` for nouns that do not just take an s ("entry", "entries"). */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "a, b and c": the parts joined as a sentence lists them. */
export function listText(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "2 sign-offs and 3 certifications", leaving out the kinds there are none of ("nothing" when none). */
export function entriesText(signoffs: number, certifications: number): string {
  const parts = [
    ...(signoffs ? [count(signoffs, 'sign-off')] : []),
    ...(certifications ? [count(certifications, 'certification')] : []),
  ];
  return parts.length ? listText(parts) : 'nothing';
}
