/**
 * The sentence above search results. Lessons and the guides are both searched, so the count
 * names each kind: a trainer's guide is not a lesson.
 */
export function hitCount(urls: readonly string[], query: string): string {
  if (urls.length === 0) return `Nothing in the lessons or guides mentions “${query}”. Try fewer or different words.`;
  const lessons = urls.filter((u) => /\/lessons\/[^/]+\/?$/.test(new URL(u, 'https://x.invalid/').pathname)).length;
  const others = urls.length - lessons;
  const parts = [
    lessons ? `${lessons} lesson${lessons === 1 ? '' : 's'}` : '',
    others ? `${others} guide page${others === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return `${parts.join(' and ')} found for “${query}”.`;
}
