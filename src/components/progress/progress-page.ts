/**
 * <tandem-progress-page>: fills the My progress page from this browser's storage and handles
 * rename, remove, export and import. Names and file contents are shown as text only.
 */
import { progressStores } from '../../stores/progress';
import { quizStatus } from '../../lib/quiz/score';
import { asideKey, type ProgressState, type TraineeProfile } from '../../lib/progress/format';
import { exportProgressFile, progressFileName } from '../../lib/progress/file';
import { importProgress } from '../../lib/progress/import';
import { removeProfile, renameProfile } from '../../lib/progress/profiles';
import { readManifest } from '../../stores/manifest';
import { buildBundle, bundleFileName } from '../../lib/bundle/build';
import { splitEntries } from '../../lib/trust/certification/held';
import { downloadFile } from '../download';
import { h, required, say } from '../dom';
import { count } from '../../lib/plural';
import { lazyDateFormat } from '../date-format';
import { showWho } from './needs-trainee';

const dateFormat = lazyDateFormat({ dateStyle: 'medium' });
const day = (iso: string | undefined) => (iso ? dateFormat.format(new Date(iso)) : '');

class TandemProgressPage extends HTMLElement {
  private stop?: () => void;

  connectedCallback(): void {
    const stores = progressStores();
    const message = required(this, '[data-message]');
    const tell = (text: string, ok: boolean) => say(message, text, ok ? 'ok' : 'error');
    const courseId = document.documentElement.dataset.course ?? 'course';

    required<HTMLFormElement>(this, '[data-rename]').addEventListener('submit', (e) => {
      e.preventDefault();
      const active = stores.activeProfile();
      const input = (e.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
      if (!active) return;
      const change = renameProfile(stores.$progress.get(), active.id, input.value);
      const saved = change.ok ? stores.actions.replace(change.value) : change;
      tell(saved.ok ? 'Name changed.' : saved.message, saved.ok);
    });

    const remove = required<HTMLButtonElement>(this, '[data-remove]');
    const confirm = required<HTMLButtonElement>(this, '[data-remove-confirm]');
    remove.addEventListener('click', () => {
      confirm.textContent = `Yes, remove ${stores.activeProfile()?.name ?? ''} and all their progress from this browser`;
      confirm.hidden = false;
      confirm.focus();
    });
    confirm.addEventListener('click', () => {
      const active = stores.activeProfile();
      confirm.hidden = true;
      if (!active) return;
      const change = removeProfile(stores.$progress.get(), active.id);
      const saved = change.ok ? stores.actions.replace(change.value) : change;
      tell(saved.ok ? `${active.name} was removed from this browser.` : saved.message, saved.ok);
    });

    required(this, '[data-export]').addEventListener('click', () => {
      const state = stores.$progress.get();
      if (!state.active) return;
      const file = exportProgressFile(state, state.active, new Date().toISOString());
      downloadFile(progressFileName(file), JSON.stringify(file, null, 2));
      tell(`Exported ${file.profile.name}’s progress as ${progressFileName(file)}.`, true);
    });

    const exportBundle = async (): Promise<void> => {
      const profile = stores.activeProfile();
      if (!profile) return;
      const split = splitEntries(profile.entries);
      const bundle = await buildBundle({ ...profile, entries: split.signoffs }, readManifest(), {
        exportedFrom: 'trainee',
        now: new Date(),
        certifications: split.certifications,
      });
      downloadFile(bundleFileName(bundle), JSON.stringify(bundle, null, 2));
      tell(`Exported ${profile.name}’s signed record as ${bundleFileName(bundle)}.`, true);
    };
    const importFile = async (file: File): Promise<void> => {
      const imported = await importProgress(await file.text(), () => stores.$progress.get(), readManifest());
      if (!imported.ok) {
        tell(`${file.name} was not imported: ${imported.message} Nothing was changed.`, false);
        return;
      }
      const { state, summary, dropped } = imported.value;
      const saved = stores.actions.replace(state);
      if (!saved.ok) {
        tell(`${file.name} was not imported: ${saved.message}`, false);
        return;
      }
      tell(
        (summary.added
          ? `Imported ${summary.name}: added as a new trainee on this browser.`
          : `Imported ${summary.name}: ${count(summary.newAttempts, 'new quiz attempt')}, ${count(summary.newLessons, 'lesson update')}.`) +
          (summary.newEntries
            ? ` ${count(summary.newEntries, 'signed entry', 'signed entries')} checked and kept.`
            : '') +
          (dropped
            ? ` ${dropped} signed entr${dropped === 1 ? 'y' : 'ies'} in the file did not verify and ${dropped === 1 ? 'was' : 'were'} left out.`
            : ''),
        true,
      );
    };
    required(this, '[data-export-bundle]').addEventListener('click', () => void exportBundle());
    const fileInput = required<HTMLInputElement>(this, '#import-file');
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (file) void importFile(file);
    });

    // Whether this browser will keep the progress, said plainly, with the file that restores it.
    const keep = required(this, '[data-keep-copy]');
    const persist = required<HTMLButtonElement>(this, '[data-persist]');
    // Loaded on its own (the storage question and its sentences), after the page's own script.
    const keeping = import('./keep-copy');
    const showKeeping = (ask: boolean) =>
      keeping
        .then((m) => m.showKeepCopy(keep, ask))
        .then(() => {
          persist.hidden = keep.dataset.persistence !== 'not-granted';
        });
    // Asked on a click, so a browser that asks the person (Firefox) does so when they expect it.
    persist.addEventListener('click', () => void showKeeping(true));
    let entries = -1;
    this.stop = stores.watch((state, active) => {
      this.render(state, active);
      const now = active?.entries.length ?? 0;
      if (now !== entries) void showKeeping(entries >= 0 && now > entries);
      entries = now;
    });
    this.renderAside(courseId);
  }

  disconnectedCallback(): void {
    this.stop?.();
  }

  private render(state: ProgressState, active: TraineeProfile | null): void {
    const who = showWho(this, state, active, ' to keep your progress');
    if (!active) return;
    who.textContent = `Progress of ${active.name}, kept in this browser since ${day(active.createdAt)}.`;
    (this.querySelector('#rename-input') as HTMLInputElement).value = active.name;

    let completed = 0;
    let passed = 0;
    let read = 0;
    let next: { text: string; href: string } | undefined;
    for (const row of this.querySelectorAll<HTMLTableRowElement>('tr[data-lesson]')) {
      const id = row.dataset.lesson ?? '';
      const title = row.dataset.title ?? '';
      const href = required<HTMLAnchorElement>(row, 'a').href;
      const lesson = active.lessons[id];
      const cell = (name: string) => required(row, `[data-cell="${name}"]`);
      if (lesson?.readAt) read++;
      if (lesson?.completedAt) completed++;
      cell('read').textContent = day(lesson?.readAt) || '—';
      cell('completed').textContent = lesson?.completedAt ? `✓ ${day(lesson.completedAt)}` : '—';
      cell('completed').className = lesson?.completedAt ? 'status--done' : '';

      let quizNext: string | undefined;
      if (row.dataset.hash) {
        const attempts = active.attempts[id] ?? [];
        const status = quizStatus(attempts, row.dataset.hash);
        const quiz = cell('quiz');
        quiz.className = '';
        if (status.state === 'not-started') quiz.textContent = 'Not taken';
        else if (status.state === 'changed') {
          quiz.textContent = `Quiz changed since your attempt on ${day(status.last.at)}: take it again`;
          quiz.className = 'status--attention';
          quizNext = `The quiz of “${title}” has changed: take it again.`;
        } else {
          const { best } = status;
          quiz.textContent =
            `${status.state === 'passed' ? 'Passed' : 'Not passed yet'} · best ${best.score} of ${best.total}` +
            ` · ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}, last ${day(status.last.at)}`;
          quiz.className = status.state === 'passed' ? 'status--done' : 'status--attention';
          if (status.state === 'passed') passed++;
          else quizNext = `Retry the quiz of “${title}” (pass mark ${status.last.passMark}%).`;
        }
      }
      if (!next && (quizNext || !lesson?.completedAt)) {
        next = { text: quizNext ?? (lesson?.readAt ? `Finish “${title}”.` : `Read “${title}”.`), href };
      }
    }
    const total = Number(this.dataset.lessons);
    const quizzes = this.querySelectorAll('tr[data-hash]').length;
    required(this, '[data-count="completed"]').textContent = `${completed} of ${total}`;
    required(this, '[data-count="passed"]').textContent = `${passed} of ${quizzes}`;
    required(this, '[data-count="read"]').textContent = `${read} of ${total}`;

    const nextEl = required(this, '[data-next]');
    if (next) {
      nextEl.replaceChildren('What to do next: ', h('a', { href: next.href, text: next.text }));
    } else {
      nextEl.textContent = 'Every lesson is complete. Next: ask your trainer for the sign-offs on your skills.';
    }
  }

  /** Lists data the store set aside as unreadable, with download and delete. */
  private renderAside(courseId: string): void {
    const prefix = asideKey(courseId, '');
    const keys: string[] = [];
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if (k?.startsWith(prefix)) keys.push(k);
      }
    } catch {
      return;
    }
    const section = required(this, '[data-aside]');
    const list = required(this, '[data-aside-list]');
    section.hidden = keys.length === 0;
    list.replaceChildren(
      ...keys.sort().map((k) => {
        const text = localStorage.getItem(k) ?? '';
        const label = h('span', { text: `Set aside ${day(k.slice(prefix.length))} (${text.length} characters) ` });
        const get = h('button', { type: 'button', text: 'Download' });
        get.addEventListener('click', () =>
          downloadFile(`${courseId}-set-aside-${k.slice(prefix.length, prefix.length + 10)}.json`, text),
        );
        const del = h('button', { type: 'button', class: 'button--quiet', text: 'Delete this copy' });
        del.addEventListener('click', () => {
          if (del.dataset.armed) {
            localStorage.removeItem(k);
            this.renderAside(courseId);
          } else {
            del.dataset.armed = 'yes';
            del.textContent = 'Press again to delete it for good';
          }
        });
        return h('li', {}, label, get, ' ', del);
      }),
    );
  }
}

customElements.define('tandem-progress-page', TandemProgressPage);
