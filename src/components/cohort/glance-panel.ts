/**
 * The cohort desk at a glance, above the grid: per skill a stacked bar of where the
 * trainees stand, the pace of each step and the certifications running out within 90 days. The
 * numbers are in the text as well as the picture (the bar is an image with a full description);
 * pressing a stage, in the bar or in its text, filters the grid to those trainees. The numbers
 * come from src/lib/cohort/glance.ts.
 */
import { STEP_INFO } from '../../lib/content/steps';
import type { CourseManifest } from '../../lib/course/manifest';
import { cohortGlance, EXPIRY_WINDOW_DAYS, STAGES, type SkillGlance, type Stage } from '../../lib/cohort/glance';
import { count } from '../../lib/plural';
import { $cohort } from '../../stores/cohort';
import { h, required } from '../dom';

const SVG = 'http://www.w3.org/2000/svg';

export const STAGE_WORDS: Record<Stage, string> = {
  'not-started': 'Not started',
  show: STEP_INFO.show.label,
  copilot: STEP_INFO.copilot.label,
  solo: STEP_INFO.solo.label,
  teachback: STEP_INFO.teachback.label,
  ready: 'Ready to certify',
  certified: 'Certified',
};

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

const days = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} day${n === 1 ? '' : 's'}`;
const sessions = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)} practice session${n === 1 ? '' : 's'}`;

function stagesText(g: SkillGlance): string {
  return STAGES.filter((s) => g.stages[s] > 0)
    .map((s) => `${STAGE_WORDS[s]} ${g.stages[s]}`)
    .join(', ');
}

function bar(g: SkillGlance, title: string, total: number): SVGSVGElement {
  const picture = svg('svg', {
    class: 'glance__bar',
    viewBox: '0 0 100 6',
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': `${title}: ${stagesText(g)}.`,
  });
  let x = 0;
  for (const stage of STAGES) {
    const n = g.stages[stage];
    if (n === 0) continue;
    const width = (n / total) * 100;
    const rect = svg('rect', {
      x: String(x),
      y: '0',
      width: String(width),
      height: '6',
      class: `glance-seg glance-seg--${stage}`,
      'data-stage': stage,
      'data-skill': g.skill,
    });
    rect.append(Object.assign(svg('title', {}), { textContent: `${STAGE_WORDS[stage]}: ${n}` }));
    picture.append(rect);
    x += width;
  }
  return picture;
}

function skillItem(g: SkillGlance, title: string, total: number): HTMLLIElement {
  const stages = STAGES.filter((s) => g.stages[s] > 0).map((s) =>
    h(
      'button',
      { type: 'button', class: 'glance__stage', 'data-stage': s, 'data-skill': g.skill },
      h('span', { class: `glance__swatch glance-seg--${s}`, 'aria-hidden': 'true' }),
      `${STAGE_WORDS[s]} ${g.stages[s]}`,
    ),
  );
  const pace = g.pace
    .filter((p) => p.medianDays !== undefined)
    .map(
      (p) =>
        `${STEP_INFO[p.step].label} ${days(p.medianDays ?? 0)}` +
        (p.medianSessions ? ` (${sessions(p.medianSessions)})` : ''),
    );
  return h(
    'li',
    { class: 'glance__skill' },
    h('h3', { class: 'glance__title', text: title }),
    bar(g, title, total),
    h('p', { class: 'glance__stages' }, ...stages),
    h('p', {
      class: 'glance__pace',
      text:
        (pace.length ? `Median time to sign off: ${pace.join(' · ')}.` : 'No step signed off yet.') +
        (g.expiringSoon
          ? ` ${count(g.expiringSoon, 'certification')} ${g.expiringSoon === 1 ? 'runs' : 'run'} out within ${EXPIRY_WINDOW_DAYS} days.`
          : ''),
    }),
  );
}

/** Wires the glance panel; `choose(skill, stage)` filters the grid. */
export function glancePanel(
  root: HTMLElement,
  manifest: CourseManifest,
  choose: (skill: string, stage: Stage) => void,
): void {
  const section = required(root, '[data-glance]');
  const list = required(section, '[data-glance-list]');
  const titles = new Map(manifest.skills.map((s) => [s.id, s.title]));
  $cohort.subscribe((trainees) => {
    section.hidden = trainees.length === 0;
    if (trainees.length === 0) return list.replaceChildren();
    const glance = cohortGlance(
      trainees,
      manifest.skills.map((s) => s.id),
      Date.now(),
    );
    required(section, '[data-glance-total]').textContent =
      `${count(trainees.length, 'trainee')}; the median counts the trainees who have signed off each step.`;
    list.replaceChildren(...glance.map((g) => skillItem(g, titles.get(g.skill) ?? g.skill, trainees.length)));
  });
  section.addEventListener('click', (e) => {
    const target = (e.target as Element).closest<Element>('[data-stage][data-skill]');
    const stage = target?.getAttribute('data-stage') as Stage | null;
    const skill = target?.getAttribute('data-skill');
    if (stage && skill) choose(skill, stage);
  });
}
