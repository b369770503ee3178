/**
 * The header's script at first paint, a couple of hundred bytes: the Menu button and the
 * Trainers / Guides pop-ups (site-menu.ts) load on the first pointer over, focus on or click of
 * one of their buttons, and a click made before they arrive is replayed. Nothing can be open
 * before that first click, so nothing else needs them. (The trainee switcher has its own small
 * first-paint script: progress/profile-boot.ts.)
 */
const header = document.querySelector('.site-header');

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
