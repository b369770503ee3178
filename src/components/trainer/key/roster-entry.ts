/**
 * The roster entry a trainer sends to the course owner: the YAML for
 * `src/content/trainers/<trainer-id>.yaml`, in the shape of the content schema's trainer.
 */
import type { TrainerIdentity } from '../../../stores/trainer-key';

/**
 * Strings are written as JSON strings, which are valid YAML double-quoted scalars: a name with
 * a colon, a quote or a leading dash stays one string, whatever the trainer typed.
 */
export function rosterEntryYaml(identity: TrainerIdentity, validFrom: string): string {
  const q = (text: string) => JSON.stringify(text);
  return [
    `# src/content/trainers/${identity.trainerId}.yaml`,
    `name: ${q(identity.name)}`,
    'keys:',
    `  - kid: ${q(identity.kid)}`,
    '    jwk:',
    '      kty: EC',
    '      crv: P-256',
    `      x: ${q(identity.publicJwk.x)}`,
    `      y: ${q(identity.publicJwk.y)}`,
    `    validFrom: ${validFrom}`,
    '    status: active',
    '',
  ].join('\n');
}

/**
 * Today's date in UTC (YYYY-MM-DD). The roster reads a bare date as midnight UTC, so the UTC
 * date is never later than now: a trainer east of Greenwich creating a key in the morning
 * would otherwise get a validFrom still in the future, and their first sign-offs refused.
 */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
