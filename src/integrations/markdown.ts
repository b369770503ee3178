/** Markdown plugins for Astro 7's Sätteri processor.
 *
 * Lesson authors link to other pages as `/lessons/foo/`. Under a sub-path host that would
 * leave the course, so root-relative `href` and `src` values in rendered Markdown/MDX are
 * moved onto the configured base. Already-prefixed and external URLs are left alone.
 */
import { defineHastPlugin } from 'satteri';
import { normaliseBase, withBase } from '../lib/paths';

/** The URL as it must appear on a site hosted at `base`. */
export function rebaseUrl(base: string, value: string): string {
  const b = normaliseBase(base);
  if (!value.startsWith('/') || value.startsWith('//')) return value;
  if (b !== '/' && (value === b.slice(0, -1) || value.startsWith(b))) return value;
  return withBase(b, value);
}

/** Sätteri (Astro 7's Markdown processor) hast plugin applying `rebaseUrl` to links and images. */
export function baseLinksPlugin(base: string) {
  return defineHastPlugin({
    name: 'tandem-base-links',
    element: {
      filter: ['a', 'img'],
      visit(node, ctx) {
        for (const attr of ['href', 'src'] as const) {
          const value = node.properties[attr];
          if (typeof value === 'string') {
            const rebased = rebaseUrl(base, value);
            if (rebased !== value) ctx.setProperty(node, attr, rebased);
          }
        }
      },
    },
  });
}

/**
 * Code blocks that scroll sideways must be reachable by keyboard (WCAG 2.1.1; axe rule
 * scrollable-region-focusable), so every rendered <pre> is made focusable.
 */
export const focusableCodePlugin = defineHastPlugin({
  name: 'tandem-focusable-code',
  element: {
    filter: ['pre'],
    visit(node, ctx) {
      ctx.setProperty(node, 'tabIndex', 0);
    },
  },
});
