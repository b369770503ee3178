/**
 * The certification steps in sign-off order, from the zod-free content/steps.ts (importing
 * them from content/schema.ts would pull zod into the browser bundle).
 */
export { STEPS as STEP_ORDER } from '../content/steps';
