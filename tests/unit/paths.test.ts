import { describe, expect, it } from 'vitest';
import { markdownToHtml } from 'satteri';
import { normaliseBase, withBase } from '../../src/lib/paths';
import { baseLinksPlugin, rebaseUrl } from '../../src/integrations/markdown';

describe('base-aware paths', () => {
  it('normalises any spelling of a base path', () => {
    expect(normaliseBase(undefined)).toBe('/');
    expect(normaliseBase('')).toBe('/');
    expect(normaliseBase('training')).toBe('/training/');
    expect(normaliseBase('/training')).toBe('/training/');
    expect(normaliseBase('//a/b//')).toBe('/a/b/');
  });

  it('joins site paths onto the base and leaves external links alone', () => {
    expect(withBase('/training/', '/lessons/x/')).toBe('/training/lessons/x/');
    expect(withBase('/training/', 'search/')).toBe('/training/search/');
    expect(withBase('/', '/')).toBe('/');
    expect(withBase('/training/', '/')).toBe('/training/');
    expect(withBase('/training/', 'https://example.org/')).toBe('https://example.org/');
    expect(withBase('/training/', 'mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(withBase('/training/', '#top')).toBe('#top');
  });

  it('rebases root-relative lesson links once and only once', () => {
    expect(rebaseUrl('/training/', '/lessons/x/')).toBe('/training/lessons/x/');
    expect(rebaseUrl('/training/', '/training/lessons/x/')).toBe('/training/lessons/x/');
    expect(rebaseUrl('/training/', '//cdn.example.org/a.png')).toBe('//cdn.example.org/a.png');
    expect(rebaseUrl('/training/', 'relative/')).toBe('relative/');
    expect(rebaseUrl('/', '/lessons/x/')).toBe('/lessons/x/');
  });

  it('rewrites links and images in rendered Markdown', () => {
    const { html } = markdownToHtml('[next](/lessons/x/) ![pic](/img/a.png) [out](https://example.org/)', {
      hastPlugins: [baseLinksPlugin('/training/')],
    });
    expect(html).toContain('href="/training/lessons/x/"');
    expect(html).toContain('src="/training/img/a.png"');
    expect(html).toContain('href="https://example.org/"');
  });
});

describe('code blocks', () => {
  it('are focusable so keyboard users can scroll them', async () => {
    const { focusableCodePlugin } = await import('../../src/integrations/markdown');
    const { html } = markdownToHtml('```\nlong line\n```', { hastPlugins: [focusableCodePlugin] });
    expect(html).toMatch(/<pre tabindex="0">/);
  });
});
