/**
 * The sign-off page offers only what the roster lets this trainer sign: skills outside their
 * qualification are not selectable, a request for one says so and cannot be signed, and the
 * certification panel offers no certification they may not sign. The verifiers refuse such an
 * entry anyway (lib/trust/qualification.ts); this spares the trainer signing one to no effect.
 */
import { applyKeyGate } from './sign-gate';
import { $trainerKey } from '../../../stores/trainer-key';
import { readManifest } from '../../../stores/manifest';
import { findKey } from '../../../lib/trust/roster';
import { mayCertify, maySignOff } from '../../../lib/trust/qualification';
import { h, required, say } from '../../dom';

/** The kid of the key on this device, locked or not. */
function deviceKid(): string | undefined {
  const key = $trainerKey.get();
  return key.status === 'locked' || key.status === 'unlocked' ? key.identity.kid : undefined;
}

/** Why this device's trainer may not sign off `skill` now, or undefined when they may (or the key is unknown). */
export function signOffRefusal(skill: string, kid = deviceKid()): string | undefined {
  const found = kid ? findKey(readManifest().roster, kid) : undefined;
  if (!found) return undefined;
  const verdict = maySignOff(found.trainer, skill, new Date().toISOString());
  return verdict.ok ? undefined : verdict.message;
}

/** Why this device's trainer may not sign this certification now (`skill` undefined: the course's). */
export function certifyRefusal(skill: string | undefined, kid = deviceKid()): string | undefined {
  const found = kid ? findKey(readManifest().roster, kid) : undefined;
  if (!found) return undefined;
  const verdict = mayCertify(found.trainer, skill, new Date().toISOString());
  return verdict.ok ? undefined : verdict.message;
}

/**
 * Keeps the skill list and the sign button in step with the key's qualification: call once when
 * the page starts, and `showQualification` whenever the chosen skill changes.
 */
export function offerQualifiedSkills(root: HTMLElement): void {
  $trainerKey.subscribe(() => showQualification(root));
}

export function showQualification(root: HTMLElement): void {
  const form = required<HTMLFormElement>(root, '[data-sign]');
  const select = required<HTMLSelectElement>(form, 'select[name="skill"]');
  const manifest = readManifest();
  for (const option of select.options) {
    const title = manifest.skills.find((s) => s.id === option.value)?.title ?? option.value;
    const refused = signOffRefusal(option.value) !== undefined;
    // A request may name a skill the trainer is not qualified for: it stays selected (and locked),
    // so the page can say why it cannot be signed, but it is never offered to choose.
    option.disabled = refused && !select.disabled;
    option.textContent = refused ? `${title} (not among your skills)` : title;
  }
  if (!select.disabled && select.selectedOptions[0]?.disabled) {
    const first = [...select.options].find((o) => !o.disabled);
    if (first) {
      select.value = first.value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
  const refusal = signOffRefusal(select.value);
  let note = form.querySelector<HTMLElement>('[data-qualification]');
  if (!note) {
    note = h('p', { class: 'message', role: 'status', 'data-qualification': '' });
    required(form, '[data-step-state]').before(note);
  }
  if (refusal) say(note, `You cannot sign this: ${refusal} Ask a trainer who is qualified for it.`, 'error');
  else note.textContent = '';
  // The key gate (sign-gate.ts) also disables Sign; each keeps its own reason, so unlocking the
  // key never re-enables Sign for a skill this trainer may not sign.
  const button = required<HTMLButtonElement>(form, '[data-sign-button]');
  if (refusal) button.dataset.refused = '';
  else delete button.dataset.refused;
  applyKeyGate(root);
}
