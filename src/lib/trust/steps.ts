import type { Step } from '../content/schema';

/**
 * The four certification steps in the order they are signed off: the same list as `STEPS` in
 * `content/schema.ts`, which the trust library must not import as a value because that module
 * pulls zod into the browser bundle (about 90 KB gzipped). A unit test keeps the two equal.
 */
export const STEP_ORDER: readonly Step[] = ['show', 'copilot', 'solo', 'teachback'];
