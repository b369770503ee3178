/**
 * The header's Menu button (phones) and the Trainers and Guides pop-ups: each button says with
 * aria-expanded whether what it controls is shown; Escape closes the last one opened and gives
 * the focus back to its button; a click or the focus elsewhere closes. Loaded by header.ts on
 * the first use of one of the buttons, and kept free of imports.
 */
export function startMenu(): void {
  const header = document.querySelector('.site-header');
  // The menu first: a group open inside it is the one Escape closes first.
  const buttons = ['.menu-button', '.site-nav__toggle'].flatMap((s) => [
    ...document.querySelectorAll<HTMLButtonElement>(s),
  ]);
  const set = (button: HTMLButtonElement, open: boolean) => button.setAttribute('aria-expanded', String(open));
  const isOpen = (button: HTMLButtonElement) => button.getAttribute('aria-expanded') === 'true';
  // The menu stays open while anything in the header is used; a group while its own links are.
  const area = (button: HTMLButtonElement) =>
    button.classList.contains('menu-button') ? header : button.parentElement;

  for (const button of buttons) button.addEventListener('click', () => set(button, !isOpen(button)));

  const closeOutside = (event: Event) => {
    for (const b of buttons) if (isOpen(b) && !area(b)?.contains(event.target as Node)) set(b, false);
  };
  document.addEventListener('click', closeOutside);
  document.addEventListener('focusin', closeOutside);
  document.addEventListener('keydown', (event) => {
    const open = buttons.filter(isOpen).pop();
    if (event.key !== 'Escape' || !open) return;
    set(open, false);
    open.focus();
  });
}
