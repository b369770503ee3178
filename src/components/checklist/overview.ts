/**
 * The checklist's overview on top: every skill × the four steps, with where the trainee stands
 * and the next thing to do, each skill's name a jump link to its section. The table is in the
 * page's HTML; this fills in the cells from the verified state the checklist already computed.
 */
import { STEPS, STEP_INFO } from '../../lib/content/steps';
import type { SkillSteps } from '../../lib/trust/ledger';
import { h } from '../dom';

const MARK: Record<string, [string, string]> = {
  'signed-off': ['✓', 'signed off'],
  practising: ['P', 'practising'],
  're-opened': ['↺', 're-opened'],
  'not-started': ['·', 'not started'],
};

export interface OverviewRow {
  steps: SkillSteps;
  certified: boolean;
  expired: boolean;
  quizzesPassed: boolean;
}

/** The next thing the trainee does for a skill, in a few words. */
export function nextAction(row: OverviewRow): string {
  if (row.certified) return 'Certified';
  const step = row.steps.currentStep;
  if (step) return `Ask for ${STEP_INFO[step].label}`;
  if (!row.quizzesPassed) return 'Pass the quizzes';
  return row.expired ? 'Ask for recertification' : 'Ask for certification';
}

export function fillOverview(root: HTMLElement, skillId: string, row: OverviewRow): void {
  const tr = root.querySelector<HTMLElement>(`[data-overview="${skillId}"]`);
  if (!tr) return;
  tr.classList.toggle('checklist-overview__row--certified', row.certified);
  for (const step of STEPS) {
    const cell = tr.querySelector<HTMLElement>(`[data-ov-step="${step}"]`);
    if (!cell) continue;
    const s = row.steps.steps[step];
    const [mark, words] = MARK[s.state] ?? ['?', s.state];
    const visual = s.state === 'practising' ? `${mark}${s.sessions}` : mark;
    cell.className = `checklist-overview__cell checklist-overview__cell--${s.state}`;
    cell.replaceChildren(
      h('span', { 'aria-hidden': 'true', text: visual }),
      h('span', {
        class: 'visually-hidden',
        text: s.state === 'practising' ? `${words}, ${s.sessions} session${s.sessions === 1 ? '' : 's'}` : words,
      }),
    );
  }
  const next = tr.querySelector<HTMLElement>('[data-ov-next]');
  if (next) next.textContent = nextAction(row);
  // On a phone the Next column is hidden and the same words sit under the skill's name.
  const inline = tr.querySelector<HTMLElement>('[data-ov-next-inline]');
  if (inline) inline.textContent = nextAction(row);
}
