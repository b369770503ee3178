/**
 * The progress script the header loads after first paint (profile-boot.ts: on the first use of
 * the switcher, or when idle on a page that keeps progress): <tandem-profile>, the header's
 * trainee switcher and the page-wide storage problem notice, and <tandem-lesson-status>, which
 * records that a lesson was read and shows whether it is complete. Everything a person typed (names) is set with textContent, never as HTML.
 */
import { progressStores } from '../../stores/progress';
import type { ProgressState, TraineeProfile } from '../../lib/progress/format';
import { control, h, required } from '../dom';
import { lazyDateFormat } from '../date-format';

/**
 * Characters that make a name display as something else (invisible ones, direction controls,
 * line separators, a byte-order mark, a soft hyphen). The full check every signed entry gets
 * (src/lib/trust/fields.ts, with look-alike letters from another script) would add a kilobyte
 * to every page, which all carry this menu; the trainer's device applies it when signing.
 */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

function nameCheck(name: string): Promise<string | undefined> {
  return Promise.resolve(
    HIDDEN.test(name)
      ? 'The name contains invisible or direction-changing characters. Type the name as it is written, with ordinary letters.'
      : undefined,
  );
}

class TandemProfile extends HTMLElement {
  private unsubscribe: (() => void)[] = [];

  connectedCallback(): void {
    const { watch, $problem, actions } = progressStores();
    const nameEl = required(this, '[data-name]');
    const shortEl = this.querySelector('[data-short]');
    const list = required<HTMLUListElement>(this, '[data-list]');
    const form = required<HTMLFormElement>(this, '[data-add]');
    const details = required<HTMLDetailsElement>(this, 'details');
    const summary = required(details, 'summary');
    // Closing the menu hides the control that had the focus: give it back to the menu's button,
    // or the focus falls back to the page itself and a keyboard user has lost their place.
    const close = () => {
      details.open = false;
      summary.focus();
    };
    // Escape closes the open menu, as it does any popup (WCAG 1.4.13 and what people expect).
    details.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && details.open) close();
    });
    const notice = document.querySelector<HTMLElement>('[data-storage-problem]');

    const render = (state: ProgressState, active: TraineeProfile | null): void => {
      nameEl.textContent = active ? active.name : 'Choose trainee';
      // The phone's label (as profile-boot.ts writes it at first paint): the first name, or "Trainee".
      if (shortEl) shortEl.textContent = active ? (active.name.split(' ')[0] ?? active.name) : 'Trainee';
      const profiles = Object.values(state.profiles).sort((a, b) => a.name.localeCompare(b.name));
      list.replaceChildren(
        ...profiles.map((p) => {
          const button = h('button', { type: 'button', 'aria-pressed': String(p.id === active?.id), text: p.name });
          button.addEventListener('click', () => {
            const result = actions.switchProfile(p.id);
            if (result.ok) close();
          });
          return h('li', {}, button);
        }),
      );
      this.hidden = false;
    };

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = control(form, 'name');
      void nameCheck(input.value).then((problem) => {
        const result = problem
          ? { ok: false as const, reason: 'bad-name', message: problem }
          : actions.addProfile(input.value);
        if (result.ok) {
          input.value = '';
          close();
        } else {
          input.setCustomValidity(result.message);
          input.reportValidity();
          input.addEventListener('input', () => input.setCustomValidity(''), { once: true });
        }
      });
    });

    this.unsubscribe.push(watch(render));
    if (notice) {
      this.unsubscribe.push(
        $problem.subscribe((problem) => {
          notice.textContent = problem?.message ?? '';
          notice.hidden = !problem;
        }),
      );
    }
  }

  disconnectedCallback(): void {
    for (const stop of this.unsubscribe.splice(0)) stop();
  }
}

customElements.define('tandem-profile', TandemProfile);

/** <tandem-lesson-status>: records "read" and shows whether the lesson is complete. */

const dateFormat = lazyDateFormat({ dateStyle: 'medium' });

class TandemLessonStatus extends HTMLElement {
  private stop?: () => void;

  connectedCallback(): void {
    const lesson = this.dataset.lesson ?? '';
    const hasQuiz = this.dataset.hasQuiz === 'true';
    const text = required(this, '[data-text]');
    const button = this.querySelector<HTMLButtonElement>('[data-complete]');
    const { watch, actions } = progressStores();

    button?.addEventListener('click', () => {
      const result = actions.markLessonCompleted(lesson);
      if (!result.ok) text.textContent = result.message;
    });

    this.stop = watch((_, profile) => {
      if (!profile) {
        text.textContent = 'Choose or add a trainee at the top of the page to keep track of your progress.';
        if (button) button.hidden = true;
        return;
      }
      if (!profile.lessons[lesson]?.readAt) actions.markLessonRead(lesson);
      const completedAt = profile.lessons[lesson]?.completedAt;
      if (completedAt) {
        text.textContent = `${profile.name}: lesson completed on ${dateFormat.format(new Date(completedAt))}.`;
      } else {
        text.textContent = hasQuiz
          ? `${profile.name}: pass the quiz above to complete this lesson.`
          : `${profile.name}: mark the lesson complete when you have worked through it.`;
      }
      if (button) button.hidden = Boolean(completedAt);
    });
  }

  disconnectedCallback(): void {
    this.stop?.();
  }
}

customElements.define('tandem-lesson-status', TandemLessonStatus);
