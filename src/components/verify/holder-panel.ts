/**
 * The verify page's "Is it theirs?" panel (proof of holder, lib/trust/holder.ts): after a record
 * verifies, the verifier can challenge the person presenting it. The challenge is a QR code and a
 * link that opens the trainee's checklist; the trainee's device answers with its trainee key; the
 * answer comes back pasted here, or as a link opened in another tab of this browser (passed to the
 * waiting page over a BroadcastChannel). Loaded only when a record has been verified, and built
 * by this script (no markup in the page), so the verify page stays as it is for its other owners.
 */
import {
  ANSWER_PREFIX,
  HOLDER_WINDOW_MS,
  HolderDesk,
  encodeChallenge,
  holderTarget,
  looksLikeAnswer,
  type HolderTarget,
  type VerdictEntry,
} from '../../lib/trust/holder';
import { parseJson } from '../../lib/trust/encoding';
import { reasonLabel } from '../../lib/trust/reasons';
import { siteLink } from '../../stores/manifest';
import { copyText, qrElement } from '../trust/qr';
import { h, say } from '../dom';

const CHANNEL = 'tandem-holder';
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

interface Channel {
  post(message: unknown): void;
  listen(take: (message: unknown) => void): void;
}

function channel(): Channel | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  const c = new BroadcastChannel(CHANNEL);
  return {
    post: (m) => c.postMessage(m),
    listen: (take) => c.addEventListener('message', (e: MessageEvent) => take(e.data)),
  };
}

const desk = new HolderDesk();
let panel: HTMLElement | undefined;
let checkAnswer: ((answer: string) => Promise<string>) | undefined;
let listening = false;

/**
 * Shows the panel below the verdict for the record just verified (`text` is the file, `entries`
 * the verdict on its entries): a challenge button when a trainer vouched for the record's trainee
 * key, or why the record cannot be proven by its holder.
 */
export async function showHolderPanel(
  after: HTMLElement,
  text: string,
  entries: readonly VerdictEntry[],
  record: { courseId: string; traineeId: string; traineeName: string },
): Promise<void> {
  clearHolderPanel();
  const target = await holderTarget(parseJson(text), entries, {
    id: record.courseId,
    traineeId: record.traineeId,
    traineeName: record.traineeName,
  });
  const heading = h('h2', { id: 'holder-heading', text: 'Is it theirs?' });
  panel = h('section', { class: 'panel holder', 'aria-labelledby': 'holder-heading', 'data-holder': '' }, heading);
  after.after(panel);
  if (!target.ok) {
    panel.dataset.state = 'single-signed';
    panel.append(h('p', { 'data-holder-why': '', text: target.message }));
    return;
  }
  ask(panel, target.value);
}

/** Removes the panel and retires its challenge (another file was opened, or it failed). */
export function clearHolderPanel(): void {
  desk.clear();
  checkAnswer = undefined;
  panel?.remove();
  panel = undefined;
}

function ask(root: HTMLElement, target: HolderTarget): void {
  root.append(
    h('p', {
      text:
        `Ask the person presenting this record to prove it is theirs: they answer on the device that holds ` +
        `${target.traineeName}’s trainee key (${target.kid.slice(0, 8)}…), which ${target.bound === 1 ? 'one entry' : `${target.bound} entries`} of the record ` +
        `${target.bound === 1 ? 'was' : 'were'} made for. Do it face to face and watch their device: an answer shows only that ` +
        `someone holding that key answered within ${HOLDER_WINDOW_MS / 60_000} minutes.`,
    }),
  );
  const start = h('button', { type: 'button', 'data-holder-ask': '', text: 'Ask them to prove it' });
  const challengeBox = h('div', { class: 'request', 'data-holder-challenge': '', hidden: true });
  const answerForm = h(
    'form',
    { class: 'form-row', 'data-holder-answer': '', hidden: true },
    h('label', { for: 'holder-answer', text: 'Their answer (the text or link their device shows)' }),
    h('input', { id: 'holder-answer', name: 'answer', type: 'text', autocomplete: 'off', spellcheck: 'false' }),
    h('button', { type: 'submit', text: 'Check the answer' }),
  );
  const result = h('p', { class: 'message', role: 'status', 'data-holder-result': '' });
  root.append(h('p', {}, start), challengeBox, answerForm, result);

  const judge = async (answer: string): Promise<string> => {
    const verdict = await desk.check(answer.trim(), new Date());
    if (verdict.ok) {
      root.dataset.state = 'owner';
      const said = `Presented by its owner: this answer was signed with ${verdict.value.traineeName}’s trainee key, the key this record’s bound entries were made for, in reply to this challenge, at ${time.format(new Date())}.`;
      say(result, said, 'ok');
      challengeBox.hidden = true;
      answerForm.hidden = true;
      start.textContent = 'Ask again';
      return said;
    }
    root.dataset.state = verdict.reason;
    const said = `Not proven — ${reasonLabel(verdict.reason)}: ${verdict.message}`;
    say(result, said, 'error');
    return said;
  };
  checkAnswer = judge;
  listen();

  start.addEventListener('click', () => {
    const challenge = desk.issue(target, new Date());
    root.dataset.state = 'waiting';
    const base = document.documentElement.dataset.base ?? '/';
    const link = siteLink(`${base}checklist/#${encodeChallenge(challenge)}`);
    const until = time.format(new Date(Date.parse(challenge.at) + HOLDER_WINDOW_MS));
    const input = h('input', { type: 'text', readonly: true, value: link, 'data-holder-link': '' });
    const copy = h('button', { type: 'button', text: 'Copy link' });
    copy.addEventListener('click', () => {
      input.select();
      void copyText(link).then((copied) => (copy.textContent = copied ? 'Copied' : 'Select and copy the link'));
    });
    const qr = qrElement(link, `QR code of the challenge for ${target.traineeName}’s record`);
    challengeBox.replaceChildren(
      h('p', {
        text: `They scan this code (or open the link) on their own device, on the checklist, and show you the answer. This challenge counts once, until ${until}.`,
      }),
      h(
        'p',
        { class: 'form-row' },
        h('label', {}, h('span', { class: 'visually-hidden', text: 'Challenge link' }), input),
        copy,
      ),
      ...(qr ? [h('div', { class: 'qr' }, qr)] : []),
    );
    challengeBox.hidden = false;
    answerForm.hidden = false;
    say(result, '', 'plain');
    start.textContent = 'New challenge';
  });
  answerForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const field = answerForm.elements.namedItem('answer') as HTMLInputElement;
    void judge(field.value);
  });
}

/** This page answers answers that arrive in other tabs of this browser (an answer link opened there). */
function listen(): void {
  if (listening) return;
  const c = channel();
  if (!c) return;
  listening = true;
  c.listen((message) => {
    if (!isAnswerMessage(message) || !checkAnswer || !desk.pending()) return;
    void checkAnswer(message.answer).then((said) => c.post({ kind: 'result', id: message.id, said }));
  });
}

function isAnswerMessage(m: unknown): m is { kind: 'answer'; id: string; answer: string } {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return r['kind'] === 'answer' && typeof r['id'] === 'string' && typeof r['answer'] === 'string';
}

/**
 * An answer link (`#proof=…`) opened on this page: it belongs to the verify page in this browser
 * that showed the challenge. Passed there, and its verdict shown here too; nothing is judged
 * here, because only the page that issued the challenge knows it.
 */
export function deliverAnswer(root: HTMLElement, fragment: string): void {
  const status = h('p', { class: 'message', role: 'status', 'data-holder-delivered': '' });
  root
    .querySelector('.lead')
    ?.after(
      h(
        'section',
        { class: 'panel holder', 'aria-labelledby': 'holder-answer-heading' },
        h('h2', { id: 'holder-answer-heading', text: 'A proof-of-holder answer' }),
        status,
      ),
    );
  const show = (text: string, found: boolean) => say(status, text, found ? 'plain' : 'error');
  if (!looksLikeAnswer(fragment)) {
    show('This proof-of-holder answer link is damaged: it may have been cut short.', false);
    return;
  }
  show('Passing the answer to the verify page that showed the challenge…', true);
  const c = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;
  const id = crypto.getRandomValues(new Uint32Array(2)).join('-');
  let answered = false;
  c?.addEventListener('message', (e: MessageEvent) => {
    const r = e.data as { kind?: unknown; id?: unknown; said?: unknown };
    if (r.kind !== 'result' || r.id !== id || typeof r.said !== 'string') return;
    answered = true;
    show(`The verify page that showed the challenge says: ${r.said}`, true);
    c.close();
  });
  c?.postMessage({ kind: 'answer', id, answer: fragment.slice(fragment.indexOf(ANSWER_PREFIX)) });
  setTimeout(() => {
    if (answered) return;
    c?.close();
    show(
      'No verify page in this browser is waiting for this answer: paste it into the page that showed the challenge (or the challenge has ended).',
      false,
    );
  }, 1500);
}
