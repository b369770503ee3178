/**
 * The trainee switcher's script at first paint (a few hundred bytes): it shows the chosen
 * trainee's name, read straight from localStorage, and loads the switcher itself with the
 * progress stores (progress-ui.ts) when it is needed:
 * - on the first use of the switcher (pointer over, focus, touch; a name sent before it has
 *   arrived is added once it has);
 * - when the browser is idle, on a page that keeps progress itself: a lesson records that it
 *   was read; the checklist, a quiz or My progress made the stores (stores/progress.ts marks
 *   the page), so the header follows every change made on the page and the storage notice shows.
 * Anything this reader does not understand (no saved state in the current format, unreadable or
 * odd data) is left to progress-ui.ts at once, which migrates, sets aside and reports.
 */
const profile = document.querySelector<HTMLElement>('tandem-profile');

let full: Promise<unknown> | undefined;
const loadFull = () => (full ??= import('./progress-ui'));

/** The name shown at first paint, or undefined when progress-ui.ts must read the state itself. */
function chosenName(): string | null | undefined {
  try {
    const course = document.documentElement.dataset.course ?? 'course';
    const raw = localStorage.getItem(`tandem:${course}:progress:v2`);
    if (raw === null) return localStorage.getItem(`tandem:${course}:progress:v1`) === null ? null : undefined;
    const state = JSON.parse(raw) as { v?: unknown; course?: unknown; active?: unknown; profiles?: unknown };
    if (state.v !== 2 || state.course !== course || typeof state.profiles !== 'object' || !state.profiles) return;
    if (state.active === null) return null;
    if (typeof state.active !== 'string') return;
    const name = (state.profiles as Record<string, { name?: unknown } | undefined>)[state.active]?.name;
    // Ordinary names only; anything else is for the full reader and its checks.
    return typeof name === 'string' && /^[^\p{C}\u2028\u2029]{1,120}$/u.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

function showName(): void {
  if (!profile || full) return;
  const name = chosenName();
  if (name === undefined) {
    void loadFull();
    return;
  }
  showTrainee(profile, name);
  profile.hidden = false;
}

/** Writes the switcher's label: the full name, and the short one a phone shows (as progress-ui.ts does). */
function showTrainee(root: HTMLElement, name: string | null): void {
  const long = root.querySelector('[data-name]');
  const short = root.querySelector('[data-short]');
  if (long) long.textContent = name ?? 'Choose trainee';
  if (short) short.textContent = name ? (name.split(' ')[0] ?? name) : 'Trainee';
}

if (profile) {
  showName();
  addEventListener('storage', showName);
  for (const type of ['pointerover', 'focusin', 'touchstart'])
    profile.addEventListener(type, () => void loadFull(), { passive: true });
  // A name typed and sent before the switcher has arrived is added once it has.
  profile.addEventListener(
    'submit',
    (event) => {
      if (customElements.get('tandem-profile')) return;
      event.preventDefault();
      void loadFull().then(() => (event.target as HTMLFormElement).requestSubmit());
    },
    true,
  );
  const idle = (fn: () => void) =>
    'requestIdleCallback' in window ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200);
  addEventListener('load', () =>
    idle(() => {
      if (document.querySelector('tandem-lesson-status') || document.documentElement.hasAttribute('data-progress-live'))
        void loadFull();
    }),
  );
}
