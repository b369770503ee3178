/**
 * The four looks of a verdict, each with its own word and colour, so no one has to tell them
 * apart by colour alone: a genuine demo certificate is not shown like a forged record.
 */
export type VerdictLook = 'valid' | 'demo' | 'expired' | 'invalid' | 'none';

const LOOKS: Record<VerdictLook, { word: string; className: string }> = {
  valid: { word: 'VALID', className: 'verdict verdict--valid' },
  // Still "valid" underneath (tests and tools read it so), with the demo look on top.
  demo: { word: 'VALID, BUT DEMO', className: 'verdict verdict--valid verdict--demo' },
  // Genuine but no longer current: not valid, and not a forgery either.
  expired: { word: 'EXPIRED', className: 'verdict verdict--invalid verdict--expired' },
  invalid: { word: 'NOT VALID', className: 'verdict verdict--invalid' },
  // Not a verdict at all (a verification the person cancelled): neither good nor bad news.
  none: { word: 'NO VERDICT', className: 'verdict' },
};

export function verdictLook(look: VerdictLook): { word: string; className: string } {
  return LOOKS[look];
}
