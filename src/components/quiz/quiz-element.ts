/**
 * <tandem-quiz>: runs one lesson's quiz in the browser.
 *
 * Each question is checked on its own; when every question has been checked the attempt is
 * scored and kept in the trainee's progress. A quiz that teaches and still tests: with
 * `reveal: 'after-pass'` a wrong answer shows its own feedback (why it is wrong) but not the right
 * answer, nor the explanation that would give it away, until the quiz is passed; then every
 * answer and explanation is shown. Otherwise (`'at-once'`) each check shows everything. A saved attempt
 * against the same quiz content is shown again on the next visit; one against older content
 * is not (the quiz says it changed).
 */
import { progressStores } from '../../stores/progress';
import { isCorrect, type Question } from '../../lib/quiz/registry';
import { quizStatus, scoreResponses, type QuizAttempt, type QuizKey } from '../../lib/quiz/score';
import { h, required } from '../dom';
import { viewOf } from './types';
import { lazyDateFormat } from '../date-format';

type Response = unknown;

const dateFormat = lazyDateFormat({ dateStyle: 'medium', timeStyle: 'short' });
const when = (iso: string) => dateFormat.format(new Date(iso));

class TandemQuiz extends HTMLElement {
  private key!: QuizKey;
  private responses: Record<string, Response> = {};
  private checked = new Set<string>();
  private mode: QuizAttempt['mode'] = 'all';
  private profileId: string | null | undefined;
  /** Whether this trainee has passed this version of the quiz (or just did, with no trainee chosen). */
  private passed = false;
  private stop?: () => void;

  connectedCallback(): void {
    this.key = JSON.parse(required(this, '[data-quiz-key]').textContent ?? '') as QuizKey;
    for (const q of this.key.questions) this.wire(q);
    required(this, '[data-retry="wrong"]').addEventListener('click', () => this.retry('wrong'));
    required(this, '[data-retry="all"]').addEventListener('click', () => this.retry('all'));

    this.stop = progressStores().watch((_, profile) => {
      // Only a change of trainee resets the quiz; saving our own attempt must not.
      if (profile?.id === this.profileId && this.profileId !== undefined) return;
      this.profileId = profile?.id ?? null;
      this.load(profile?.attempts[this.key.lesson] ?? []);
    });
  }

  disconnectedCallback(): void {
    this.stop?.();
  }

  /** Shows the saved attempt if it answered this version of the quiz, else a fresh quiz. */
  private load(attempts: QuizAttempt[]): void {
    const status = quizStatus(attempts, this.key.hash);
    this.passed = status.state === 'passed';
    this.reset(this.key.questions);
    if (status.state === 'passed' || status.state === 'failed') {
      this.responses = { ...status.last.answers };
      for (const q of this.key.questions) {
        viewOf(q).write(this.el(q), q, this.responses[q.id]);
        this.showResult(q, false);
      }
      this.mode = status.last.mode;
      this.showSummary(status.last, false);
    }
    this.setStatus(this.statusText(status, attempts));
  }

  private statusText(status: ReturnType<typeof quizStatus>, attempts: QuizAttempt[]): string {
    if (this.profileId === null) {
      return 'Choose or add a trainee at the top of the page to keep your attempts. You can still try the quiz.';
    }
    switch (status.state) {
      case 'not-started':
        return '';
      case 'changed':
        return (
          `This quiz has changed since your last attempt (${when(status.last.at)}, ${status.last.score} of ${status.last.total}). ` +
          'Those answers stay in your history but are not shown here: take the quiz again.'
        );
      default:
        return (
          `Your last attempt, ${when(status.last.at)}: ${status.last.score} of ${status.last.total}` +
          (status.state === 'passed' ? ' — passed.' : ' — not passed yet.') +
          ` Attempts so far: ${attempts.length}.`
        );
    }
  }

  private el(q: Question): HTMLElement {
    return required(this, `[data-question="${q.id}"]`);
  }

  private wire(q: Question): void {
    const li = this.el(q);
    required(li, '[data-check]').addEventListener('click', () => this.check(q));
    viewOf(q).wire?.(li, q, { check: () => this.check(q), announce: (text) => this.announce(text) });
  }

  private check(q: Question): void {
    const li = this.el(q);
    const error = required(li, '[data-error]');
    const response = viewOf(q).read(li, q);
    if (response === undefined) {
      error.textContent = viewOf(q).unanswered;
      return;
    }
    error.textContent = '';
    this.responses[q.id] = response;
    this.checked.add(q.id);
    const right = this.showResult(q, true);
    this.announce(`Question ${this.key.questions.indexOf(q) + 1}: ${right ? 'right' : 'not quite'}.`);
    if (this.checked.size === this.key.questions.length) this.finish();
  }

  /** Locks the question and shows verdict, feedback and explanation. Returns whether it was right. */
  private showResult(q: Question, focus: boolean): boolean {
    const li = this.el(q);
    const response = this.responses[q.id];
    const right = isCorrect(q, response);
    this.checked.add(q.id);
    this.lock(li, true);
    li.classList.toggle('question--right', right);
    li.classList.toggle('question--wrong', !right);
    const verdict = required(li, '[data-verdict]');
    const view = viewOf(q);
    // Holding back the right answer only matters for a wrong one: a right one is already known.
    const reveal = right || this.passed || this.key.reveal === 'at-once';
    verdict.textContent = right
      ? `Right. ${view.answerText(q)}`
      : reveal
        ? `Not quite. ${view.answerText(q)}`
        : 'Not quite. The right answer and the explanation show once you pass the quiz.';
    required(li, '.question__explanation').hidden = !reveal;

    const chosen = new Set((Array.isArray(response) ? (response as unknown[]) : [response]).map(String));
    const answers = new Set(reveal ? view.answers(q) : []);
    for (const option of li.querySelectorAll<HTMLElement>('.option')) {
      const id = option.dataset.option ?? '';
      const isAnswer = answers.has(id);
      option.classList.toggle('option--answer', isAnswer);
      option.classList.toggle('option--chosen', chosen.has(id));
      option.querySelector('.option__mark')?.remove();
      if (isAnswer || chosen.has(id)) {
        const text = isAnswer ? (chosen.has(id) ? 'Your answer — right' : 'Right answer') : 'Your answer';
        required(option, 'label').append(h('span', { class: 'option__mark', text }));
      }
      // Scenario: feedback on every reply (feedbackOnEvery); other types: on what was chosen and what was right.
      const feedback = option.querySelector<HTMLElement>('[data-feedback]');
      // Held back, only the chosen reply's feedback shows: it says why that reply is wrong.
      if (feedback) feedback.hidden = !(chosen.has(id) || (reveal && (view.feedbackOnEvery || isAnswer)));
    }
    const result = required(li, '[data-result]');
    result.hidden = false;
    if (focus) result.focus();
    return right;
  }

  private lock(li: HTMLElement, locked: boolean): void {
    for (const control of li.querySelectorAll<HTMLInputElement | HTMLButtonElement>(
      'fieldset input, fieldset button',
    )) {
      control.disabled = locked;
    }
    required(li, '[data-check]').hidden = locked;
  }

  /** Clears the given questions for a new try, in a new option order where allowed. */
  private reset(questions: Question[]): void {
    for (const q of questions) {
      const li = this.el(q);
      delete this.responses[q.id];
      this.checked.delete(q.id);
      this.lock(li, false);
      li.classList.remove('question--right', 'question--wrong');
      required(li, '[data-result]').hidden = true;
      required(li, '[data-error]').textContent = '';
      for (const mark of li.querySelectorAll('.option__mark')) mark.remove();
      for (const option of li.querySelectorAll('.option')) option.classList.remove('option--answer', 'option--chosen');
      for (const f of li.querySelectorAll<HTMLElement>('[data-feedback]')) f.hidden = true;
      viewOf(q).reset(li, q, this.key.shuffle);
    }
    required(this, '[data-summary]').hidden = true;
  }

  private retry(mode: QuizAttempt['mode']): void {
    const again = this.key.questions.filter((q) => mode === 'all' || !isCorrect(q, this.responses[q.id]));
    this.mode = mode;
    this.reset(again);
    const first = again[0] ?? this.key.questions[0];
    if (first) this.el(first).querySelector<HTMLElement>('input, button')?.focus();
    this.announce(
      mode === 'all'
        ? 'The whole quiz is ready to try again.'
        : `${again.length} question${again.length === 1 ? '' : 's'} ready to try again.`,
    );
  }

  private finish(): void {
    const score = scoreResponses(this.key.questions, this.responses, this.key.passMark);
    const attempt: QuizAttempt = {
      at: new Date().toISOString(),
      hash: this.key.hash,
      answers: { ...this.responses },
      correct: score.correct,
      score: score.score,
      total: score.total,
      passMark: this.key.passMark,
      passed: score.passed,
      mode: this.mode,
    };
    let note = '';
    if (attempt.passed && !this.passed && this.key.reveal === 'after-pass') {
      this.passed = true;
      for (const q of this.key.questions) this.showResult(q, false);
      note = ' The right answers and explanations are shown above.';
    } else if (attempt.passed) this.passed = true;
    if (this.profileId) {
      const saved = progressStores().actions.recordAttempt(this.key.lesson, attempt);
      if (!saved.ok) note += ` Not saved: ${saved.message}`;
      if (saved.ok) {
        const attempts = progressStores().activeProfile()?.attempts[this.key.lesson] ?? [];
        this.setStatus(this.statusText(quizStatus(attempts, this.key.hash), attempts));
      }
    } else {
      note += ' Not saved: no trainee is chosen on this browser.';
    }
    this.showSummary(attempt, true, note);
  }

  private showSummary(attempt: QuizAttempt, focus: boolean, note = ''): void {
    const summary = required(this, '[data-summary]');
    const text =
      `Score: ${attempt.score} of ${attempt.total} (${Math.floor((attempt.score * 100) / attempt.total)}%). ` +
      (attempt.passed
        ? `Passed — the pass mark is ${attempt.passMark}%.`
        : `Not passed yet — the pass mark is ${attempt.passMark}%.`) +
      note;
    required(summary, '[data-score]').textContent = text;
    summary.classList.toggle('quiz__summary--passed', attempt.passed);
    const wrongLeft = attempt.total - attempt.score;
    required(summary, '[data-retry="wrong"]').hidden = wrongLeft === 0;
    summary.hidden = false;
    if (focus) {
      summary.focus();
      this.announce(`Quiz complete. ${text}`);
    }
  }

  private setStatus(text: string): void {
    const status = required(this, '[data-status]');
    status.textContent = text;
    status.hidden = text === '';
  }

  private announce(text: string): void {
    const live = required(this, '[data-live]');
    live.textContent = '';
    // A fresh text node in the next frame makes screen readers announce repeats too.
    requestAnimationFrame(() => (live.textContent = text));
  }
}

customElements.define('tandem-quiz', TandemQuiz);
