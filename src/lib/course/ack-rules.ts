/**
 * The course's rules for trainee acknowledgements (settings.yaml `acknowledgement`, published in
 * the manifest's `course.acknowledgement`). A module of its own, with no dependencies, so the
 * content schema, the manifest and the trust code share one default.
 */

/** What a trainee acknowledges when the course's settings say nothing else. */
export const DEFAULT_ACK_STATEMENT = 'The training was given, my questions were answered, and I had practice.';

export interface AckRules {
  /** The statement a trainee signs now, word for word. */
  statement: string;
  /** Earlier wordings whose acknowledgements still count. */
  earlier: string[];
  /** A signed-off step made for a trainee key counts toward certification only once acknowledged. */
  required: boolean;
}

/** The rules of a manifest; one made before acknowledgements gets the default, not required. */
export function ackRules(course: { acknowledgement?: AckRules | undefined }): AckRules {
  return course.acknowledgement ?? { statement: DEFAULT_ACK_STATEMENT, earlier: [], required: false };
}

/** Every statement an acknowledgement may carry and count. */
export function ackStatements(rules: AckRules): string[] {
  return [rules.statement, ...rules.earlier];
}
