/**
 * The cohort desk's import panel: progress files chosen, dropped or fetched from a link, each
 * verified by the cohort store before anything is kept, with a count and the refused files.
 */
import type { CourseManifest } from '../../lib/course/manifest';
import type { ImportResult } from '../../lib/cohort/import';
import { importFiles } from '../../stores/cohort';
import { control, dropZone, h, required } from '../dom';
import { isCancelled } from '../../lib/pool/cancelled';

/** What shows a trainer is about to import: pointer, touch, keyboard or a dragged file. */
const WARM_ON = ['pointerover', 'pointerdown', 'focusin', 'dragenter'] as const;

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function importPanel(root: HTMLElement, manifest: CourseManifest): void {
  const status = required(root, '[data-import-status]');
  const refusedPanel = required(root, '[data-refused]');

  const importAll = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    status.textContent = `Checking ${files.length} file${files.length === 1 ? '' : 's'}…`;
    // Files are judged on every core, off this thread, with a bar and a way to stop.
    const { pooledJudge, progressView } = await import('../verify-pool/on-demand-judge');
    const progress = progressView(status, 'Checking the files', 'files');
    let results: ImportResult[];
    try {
      results = await importFiles(files, manifest, new Date(), pooledJudge(manifest, progress));
    } catch (error) {
      status.textContent = isCancelled(error)
        ? 'Import cancelled: nothing was imported, the desk is as it was.'
        : `Nothing was imported: ${why(error)}`;
      return;
    } finally {
      progress.finish();
    }
    const count = (s: ImportResult['status']) => results.filter((r) => r.status === s).length;
    const refused = results.filter((r) => r.status === 'refused');
    status.textContent =
      `${count('added')} added, ${count('replaced')} replaced by a newer file, ` +
      `${count('unchanged') + count('older')} already held, ${refused.length} refused.`;
    required(refusedPanel, 'ul').replaceChildren(
      ...refused.map((r) => h('li', {}, h('strong', { text: r.file }), `: ${r.message}`)),
    );
    refusedPanel.hidden = refused.length === 0;
  };

  const zone = required(root, '[data-drop]');
  dropZone(zone, required<HTMLInputElement>(root, '[data-files]'), importAll);

  // The pool warmed at the first sign that files are coming (a pointer on the import panel, a
  // tap, the keyboard reaching it, files dragged over): its script loads and its workers start
  // while the trainer picks files, not after. Cold, that start was a tenth of a 1,000-file import.
  const panel = zone.closest('section') ?? zone;
  const warm = () => {
    for (const type of WARM_ON) panel.removeEventListener(type, warm, true);
    void import('../verify-pool/on-demand-judge').then(
      (m) => m.warmPool(manifest),
      () => undefined, // not loaded now: importAll loads it again, and says so if it cannot
    );
  };
  for (const type of WARM_ON) panel.addEventListener(type, warm, { capture: true, passive: true });

  // By link: a file the trainee (or HR) put on a web server the desk can reach. Fetched as
  // text, then treated like any chosen file: verified before anything is kept.
  const linkForm = required<HTMLFormElement>(root, '[data-link-form]');
  linkForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void fromLink(control(linkForm, 'link'));
  });
  const fromLink = async (input: HTMLInputElement): Promise<void> => {
    let url: URL;
    try {
      url = new URL(input.value.trim(), location.href);
    } catch {
      status.textContent = 'That is not a link.';
      return;
    }
    status.textContent = `Fetching ${url.href}…`;
    try {
      const response = await fetch(url, { credentials: 'omit' });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const text = await response.text();
      const name = decodeURIComponent(url.pathname.split('/').pop() || url.host);
      await importAll([new File([text], name, { type: 'application/json' })]);
      input.value = '';
    } catch (error) {
      status.textContent = `Nothing was imported from the link: ${why(error)} (the server may not allow this site to read it).`;
    }
  };
}
