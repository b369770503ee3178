/**
 * <tandem-lrs>: the cohort desk's LRS panel (LrsPanel.astro). Saves or removes this device's key
 * and secret, sends (statements wait in a queue while the LRS cannot be reached, and go out on the
 * next send or when the browser is back online), and fills the desk from the LRS, listing what
 * was refused and why. Messages never show the key or the secret.
 */
import { readManifest, siteUrl } from '../../stores/manifest';
import {
  $lrsConnected,
  $lrsWaiting,
  flush,
  loadLrs,
  receiveAll,
  removeCredentials,
  saveCredentials,
  sendAll,
  type ReceiveReport,
  type SendReport,
} from '../../stores/lrs';
import { $cohortStatus } from '../../stores/cohort';
import { control, h, required, say } from '../dom';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a send did, in one sentence, and its tone. */
export function describeSend(report: SendReport): [string, 'ok' | 'error'] {
  if (!report.ok) return [report.message, 'error'];
  const parts = [`${plural(report.stored, 'statement')} stored in the LRS`];
  if (report.refused.length > 0) parts.push(`${report.refused.length} refused by it`);
  if (report.stopped) {
    const wait = `${plural(report.waiting, 'statement')} ${report.waiting === 1 ? 'waits' : 'wait'} on this device and will be sent next time`;
    return [`${report.stopped.message} ${parts.join(', ')}; ${wait}.`, 'error'];
  }
  return [`${parts.join(', ')}.`, report.refused.length > 0 ? 'error' : 'ok'];
}

export function describeReceive(report: ReceiveReport): [string, 'ok' | 'error'] {
  if (!report.ok) return [`Nothing changed on the desk. ${report.message}`, 'error'];
  const count = (s: string) => report.results.filter((r) => r.status === s).length;
  const refusedFiles = report.results.filter((r) => r.status === 'refused').length;
  const text =
    `Read ${plural(report.statements, 'statement')} from the LRS: ${count('added')} trainee${count('added') === 1 ? '' : 's'} added, ` +
    `${count('replaced')} updated, ${report.unchanged + count('unchanged') + count('older')} already up to date` +
    `${report.refused.length + refusedFiles > 0 ? `; ${report.refused.length + refusedFiles} refused (listed below)` : ''}.`;
  return [text, report.refused.length + refusedFiles > 0 ? 'error' : 'ok'];
}

class TandemLrs extends HTMLElement {
  connectedCallback(): void {
    const endpoint = this.dataset['endpoint'] ?? '';
    const manifest = readManifest();
    const form = required<HTMLFormElement>(this, '[data-lrs-form]');
    const connected = required(this, '[data-lrs-connected]');
    const status = required(this, '[data-lrs-status]');
    const waiting = required(this, '[data-lrs-waiting]');
    const refusedPanel = required(this, '[data-lrs-refused]');
    const buttons = [...this.querySelectorAll<HTMLButtonElement>('[data-lrs-connected] button')];

    $lrsConnected.subscribe((on) => {
      form.hidden = on !== false;
      connected.hidden = on !== true;
    });
    $lrsWaiting.subscribe((n) => {
      waiting.textContent =
        n === 0
          ? 'Nothing waits to be sent.'
          : `${plural(n, 'statement')} ${n === 1 ? 'waits' : 'wait'} to be sent to the LRS.`;
    });

    const busy = async (text: string, work: () => Promise<void>) => {
      for (const b of buttons) b.disabled = true;
      say(status, text, 'plain');
      try {
        await work();
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    };
    const listRefused = (items: { what: string; message: string }[]) => {
      required(refusedPanel, 'ul').replaceChildren(
        ...items.map((r) => h('li', {}, h('strong', { text: r.what }), `: ${r.message}`)),
      );
      refusedPanel.hidden = items.length === 0;
    };

    form.addEventListener('submit', (e) => {
      // Never submitted: the key and secret must not end up in a URL or a server's log.
      e.preventDefault();
      const key = control(form, 'key').value.trim();
      const secret = control(form, 'secret').value;
      if (!key || !secret) return say(status, 'Enter both the key and the secret.', 'error');
      void saveCredentials({ key, secret }).then((saved) => {
        if (!saved.ok) return say(status, saved.message, 'error');
        form.reset();
        say(status, 'The key and secret are saved on this device.', 'ok');
        fillWhenReady();
      });
    });
    required(this, '[data-lrs-remove]').addEventListener('click', () => {
      void removeCredentials().then((removed) =>
        removed.ok
          ? say(status, 'The key and secret are removed from this device. Statements waiting stay queued.', 'ok')
          : say(status, removed.message, 'error'),
      );
    });
    required(this, '[data-lrs-send]').addEventListener('click', () => {
      void busy('Sending to the LRS…', async () => {
        const report = await sendAll(endpoint, manifest, siteUrl());
        say(status, ...describeSend(report));
        listRefused(report.ok ? report.refused.map((r) => ({ what: `Statement ${r.id}`, message: r.message })) : []);
      });
    });
    const receive = () =>
      busy('Reading the LRS…', async () => {
        const report = await receiveAll(endpoint, manifest, siteUrl());
        say(status, ...describeReceive(report));
        listRefused(
          report.ok
            ? [
                ...report.refused.map((r) => ({
                  what: `Statement ${r.statement}${r.trainee ? ` (claims to be about ${r.trainee})` : ''}`,
                  message: r.message,
                })),
                ...report.results
                  .filter((r) => r.status === 'refused')
                  .map((r) => ({ what: r.file, message: r.message })),
              ]
            : [],
        );
      });
    required(this, '[data-lrs-receive]').addEventListener('click', () => void receive());
    /**
     * The desk fills itself once its own list has loaded (the import judges against it, so it
     * must be there first), whenever this device holds a key.
     */
    const fillWhenReady = () => {
      const stop = $cohortStatus.subscribe((s) => {
        if (s !== 'ready') return;
        queueMicrotask(() => stop());
        if ($lrsConnected.get()) void receive();
      });
    };
    // Back online (the training room's network returns): send what waits.
    window.addEventListener('online', () => {
      if ($lrsConnected.get() && $lrsWaiting.get() > 0) {
        void flush(endpoint).then((report) => say(status, ...describeSend(report)));
      }
    });
    void loadLrs().then((loaded) => {
      if (!loaded.ok) say(status, loaded.message, 'error');
      else fillWhenReady();
    });
  }
}

customElements.define('tandem-lrs', TandemLrs);
