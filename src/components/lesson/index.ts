/**
 * The components lesson authors may use in MDX without importing them. Lesson pages pass this
 * map to `<Content components={…} />`; adding a component is one file and one line here.
 */
import Aside from './Aside.astro';
import Checklist from './Checklist.astro';
import Dialogue from './Dialogue.astro';
import Example from './Example.astro';

export const lessonComponents = { Aside, Checklist, Dialogue, Example };
