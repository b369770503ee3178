/**
 * Pure words for the trainer key page: whether the published roster lists this key (and
 * whether that is good news), and the trainer id suggested from a name. No DOM.
 */
import { findKey, keyStatusAt, type Roster, type RosterKey } from '../../../lib/trust/roster';
import type { TrainerIdentity } from '../../../stores/trainer-key';
import { lazyDateFormat } from '../../date-format';

const utcDate = lazyDateFormat({ dateStyle: 'medium', timeZone: 'UTC' }, 'en-GB');
const day = (iso: string | undefined) => (iso ? utcDate.format(new Date(iso)) : '');

export interface RosterStatus {
  text: string;
  good: boolean;
  listed: boolean;
}

/** Whether the published roster (undefined: it could not be read) has this key, in words. */
export function rosterStatus(identity: TrainerIdentity, roster: Roster | undefined, now = new Date()): RosterStatus {
  if (!roster) return { text: 'This page could not read the published roster.', good: false, listed: false };
  const found = findKey(roster, identity.kid);
  if (!found) {
    const sameId = roster.trainers.find((t) => t.id === identity.trainerId);
    const clash = sameId
      ? ` The roster already has a trainer with the id “${sameId.id}” (${sameId.name}): if that is you, the owner adds ` +
        'this key to the keys in that file; if not, make a new key with another trainer id.'
      : '';
    return {
      text:
        'Not on the roster yet: send this entry to the course owner; sign-offs made before it is published will be refused.' +
        clash,
      good: false,
      listed: false,
    };
  }
  const { trainer, key } = found;
  return { ...listedStatus(`On the roster as ${trainer.name}`, key, now), listed: true };
}

function listedStatus(as: string, key: RosterKey, now: Date): { text: string; good: boolean } {
  switch (keyStatusAt(key, now)) {
    case 'valid':
      return { text: `${as}: sign-offs made with this key are accepted.`, good: true };
    case 'not-yet-valid':
      return {
        text: `${as}, valid from ${day(key.validFrom)}: sign-offs made before then will be refused.`,
        good: false,
      };
    case 'expired':
      return {
        text:
          `${as}, but this key expired on ${day(key.validUntil)}: new sign-offs made with it will be refused. ` +
          'Create a new key and send its entry to the course owner.',
        good: false,
      };
    case 'revoked':
      return {
        text:
          `${as}, but this key was revoked${key.revokedAt ? ` on ${day(key.revokedAt)}` : ''}` +
          `${key.revokedReason ? ` (${key.revokedReason})` : ''}: new sign-offs made with it will be refused. ` +
          'Remove it from this device, create a new key and send its entry to the course owner.',
        good: false,
      };
  }
}

/** A trainer id suggested from a name: "Sam Rivera-Núñez" → "sam-rivera-nunez". */
export function suggestId(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
