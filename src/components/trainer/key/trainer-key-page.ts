/**
 * <tandem-trainer-key>: the trainer's key page (src/pages/trainer/index.astro). Shows the key on
 * this device (or the forms to create or restore one), locks and unlocks it, offers its backup
 * again, and shows the roster entry for the course owner with whether the published roster
 * already has it. This file renders the key's state; the forms (./key-forms.ts), the actions on
 * the key (./key-actions.ts) and the roster's words (./roster-status.ts) are modules of their own.
 *
 * All logic about keys lives in the store; this page turns its Results into messages and moves
 * focus. Names and file contents are shown with textContent only, never as HTML.
 */
import { $trainerKey, loadTrainerKey, type TrainerKeyState } from '../../../stores/trainer-key';
import { readManifest } from '../../../stores/manifest';
import type { Roster } from '../../../lib/trust/roster';
import { hasWebCrypto } from '../secure-context';
import { required, say, type Tone } from '../../dom';
import { createForm, restoreForm, type KeyPage } from './key-forms';
import { keyActions, removePanel } from './key-actions';
import { rosterEntryYaml, todayUtc } from './roster-entry';
import { rosterStatus } from './roster-status';

function publishedRoster(): Roster | undefined {
  try {
    return readManifest().roster;
  } catch {
    return undefined;
  }
}

class TandemTrainerKey extends HTMLElement {
  private stop?: () => void;
  /** The stored record could not be read: offer to remove it, since create and restore refuse. */
  private unreadable = false;

  connectedCallback(): void {
    if (!hasWebCrypto()) {
      // NeedsHttps explains; offer no key action at all, as none could work here.
      required(this, '[data-loading]').hidden = true;
      return;
    }
    const page: KeyPage = {
      clearMessages: () => {
        for (const el of this.querySelectorAll<HTMLElement>('[data-message], [data-page-message]'))
          say(el, '', 'plain');
      },
      pageMessage: (text: string, tone: Tone) => say(required(this, '[data-page-message]'), text, tone),
      focusHeading: (id: string) => required(this, `#${id}`).focus(),
    };
    createForm(this, page);
    restoreForm(this, page);
    keyActions(this, page);
    removePanel(this, page, () => {
      this.unreadable = false;
      this.render($trainerKey.get());
    });
    this.stop = $trainerKey.subscribe((state) => this.render(state));
    void loadTrainerKey().then((loaded) => {
      if (loaded.ok) return;
      this.unreadable = loaded.reason === 'unreadable';
      page.pageMessage(loaded.message, 'error');
      this.render($trainerKey.get());
    });
  }

  disconnectedCallback(): void {
    this.stop?.();
  }

  private render(state: TrainerKeyState): void {
    const part = (selector: string) => required(this, selector);
    const hasKey = state.status === 'locked' || state.status === 'unlocked';
    part('[data-loading]').hidden = state.status !== 'loading';
    part('[data-when="none"]').hidden = state.status !== 'none';
    part('[data-when="key"]').hidden = !hasKey;
    part('[data-remove-panel]').hidden = !(hasKey || (state.status === 'none' && this.unreadable));
    if (!hasKey) return;
    this.unreadable = false;

    const { identity } = state;
    const field = (name: string) => part(`[data-field="${name}"]`);
    field('name').textContent = identity.name;
    field('trainerId').textContent = identity.trainerId;
    field('kid').textContent = identity.kid;
    field('status').textContent = state.status === 'unlocked' ? 'Unlocked: ready to sign' : 'Locked';
    part('[data-when-unlocked]').hidden = state.status !== 'unlocked';
    part('[data-unlock]').hidden = state.status !== 'locked';
    part('[data-demo]').hidden = !identity.demo;

    const roster = rosterStatus(identity, publishedRoster());
    const status = part('[data-roster-status]');
    status.textContent = roster.text;
    status.className = `trainer-key__roster-status ${roster.good ? 'status--done' : 'status--attention'}`;
    part('[data-roster-intro="missing"]').hidden = roster.listed;
    part('[data-roster-intro="listed"]').hidden = !roster.listed;
    part('[data-roster-file]').textContent = `src/content/trainers/${identity.trainerId}.yaml`;
    part('[data-roster-yaml]').textContent = rosterEntryYaml(identity, todayUtc());
  }
}

customElements.define('tandem-trainer-key', TandemTrainerKey);
