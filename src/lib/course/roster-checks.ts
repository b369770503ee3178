/**
 * Build-time checks of the roster (`src/content/trainers`), the trust anchor every verdict
 * rests on. zod checks the shape of each key; these check what one file cannot:
 *
 * - a key id is the RFC 7638 thumbprint of its key (else a verifier looking a key up by its id
 *   would trust a key other than the one the owner thinks they listed);
 * - a public key (same x and y) appears once on the whole roster: under two trainers, entries
 *   signed with it would name one trainer while another one could have signed them;
 * - an active demo trainer (whose private key and passphrase are published, so anyone can sign
 *   as them) stops a production build unless the course settings allow it explicitly.
 *
 * Called from `validateCourse` (src/lib/content/validate.ts), so the site build and
 * `npm run verify` without a build refuse the same roster. Pure and synchronous: the thumbprint
 * is SHA-256 from @noble/hashes, which needs no WebCrypto.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { CourseData, TrainerData } from '../content/schema';
import type { ContentProblem, Entry } from '../content/validate';
import { base64url } from '../hash';

export interface RosterCheckOptions {
  /**
   * The site is being built for publishing (`astro build`), not served by `astro dev`: an
   * active demo trainer is then an error unless `allowDemoTrainer` is set. Default: false.
   */
  production?: boolean;
}

const SETTINGS_FILE = 'src/content/course/settings.yaml';

/** RFC 7638 SHA-256 thumbprint of an EC public key: its required members in sorted order, no spaces. */
export function ecThumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  const canonical = `{"crv":${JSON.stringify(jwk.crv)},"kty":${JSON.stringify(jwk.kty)},"x":${JSON.stringify(jwk.x)},"y":${JSON.stringify(jwk.y)}}`;
  return base64url(sha256(new TextEncoder().encode(canonical)));
}

/** Every problem with the roster, in file order. */
export function rosterProblems(
  content: { course: readonly Entry<CourseData>[]; trainers: readonly Entry<TrainerData>[] },
  options: RosterCheckOptions = {},
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const error = (file: string, field: string, message: string, hint: string) =>
    problems.push({ severity: 'error', file, field, message, hint });

  /** x.y of every key seen so far → where it was first listed. */
  const seen = new Map<string, { trainer: Entry<TrainerData>; index: number }>();
  for (const trainer of content.trainers) {
    trainer.data.keys.forEach((key, i) => {
      const expected = ecThumbprint(key.jwk);
      if (key.kid !== expected) {
        error(
          trainer.file,
          `keys[${i}].kid`,
          `key id ${key.kid} is not the RFC 7638 thumbprint of keys[${i}].jwk (that key's thumbprint is ${expected})`,
          'Copy the key id and the public key again, together, from the trainer’s key page (Trainer → “Your key”): ' +
            'one of the two was changed or pasted from another key. Do not just paste the thumbprint above unless you are sure the jwk is the trainer’s.',
        );
      }
      const point = `${key.jwk.x}.${key.jwk.y}`;
      const first = seen.get(point);
      if (!first) {
        seen.set(point, { trainer, index: i });
      } else if (first.trainer === trainer) {
        // The same kid twice is already reported by validateCourse ("listed twice").
        if (trainer.data.keys[first.index]?.kid !== key.kid) {
          error(
            trainer.file,
            `keys[${i}].jwk`,
            `this public key is already listed as keys[${first.index}]`,
            'List each key once: remove one of the two.',
          );
        }
      } else {
        error(
          trainer.file,
          `keys[${i}].jwk`,
          `this public key is also listed under trainer "${first.trainer.id}" (${first.trainer.file} → keys[${first.index}])`,
          'A key belongs to one trainer: keep it only under the trainer who holds it, and remove it from the other file.',
        );
      }
    });
  }

  const settings = content.course[0];
  if (options.production && settings?.data.allowDemoTrainer !== true) {
    for (const trainer of content.trainers) {
      const active = trainer.data.keys.findIndex((k) => k.status === 'active');
      if (!trainer.data.demo || active < 0) continue;
      error(
        trainer.file,
        `demo (keys[${active}].status: active)`,
        `the demo trainer "${trainer.data.name}" is active in a production build: its private key and passphrase are published, so anyone can sign as this trainer`,
        `Before real use, delete ${trainer.file} or set its keys' status to revoked (with revokedAt and revokedReason). ` +
          `For a public demo of the course only, set allowDemoTrainer: true in ${settings?.file ?? SETTINGS_FILE}.`,
      );
    }
  }
  return problems;
}
