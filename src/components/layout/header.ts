/**
 * The one script every page runs at first paint, kept to a few hundred bytes: it shows the
 * chosen trainee's name in the header, read straight from localStorage, and loads the rest when
 * it is used.
 * - The Menu button and the Trainers / Guides pop-ups (site-menu.ts) load on the first pointer
 *   over, focus on or click of one of their buttons; a click made before they arrive is
 *   replayed. Nothing can be open before that first click, so nothing else needs them.
 * - The trainee switcher with the progress stores (progress-ui.ts) loads on the first use of
 *   the switcher, and when the browser is idle on a page that keeps progress itself (a lesson
 *   records that it was read; the checklist, a quiz or My progress made the stores), so the
 *   header follows every change made on the page, and the storage notice shows.
 * - Anything this reader does not understand (no saved state in the current format, unreadable
 *   or odd data) is left to progress-ui.ts, which migrates, sets aside and reports.
 */
const header = document.querySelector('.site-header');
const profile = document.querySelector<HTMLElement>('tandem-profile');

// The menu: loaded once, on the first sign that one of its buttons is about to be used.
const MENU_BUTTONS = '.menu-button, .site-nav__toggle';
let menu: Promise<void> | undefined;
let menuReady = false;
const loadMenu = () =>
  (menu ??= import('./site-menu').then((m) => {
    m.startMenu();
    menuReady = true;
  }));
const menuButton = (event: Event) => (event.target as Element | null)?.closest?.<HTMLElement>(MENU_BUTTONS);
for (const type of ['pointerover', 'focusin', 'touchstart'])
  header?.addEventListener(type, (event) => void (menuButton(event) && loadMenu()), { passive: true });
header?.addEventListener('click', (event) => {
  const button = menuButton(event);
  if (!button || menuReady) return;
  void loadMenu().then(() => button.click());
});

// The trainee switcher.
let full: Promise<unknown> | undefined;
const loadFull = () => (full ??= import('../progress/progress-ui'));

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
