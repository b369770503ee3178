/**
 * The request opened in this tab, kept for the tab's session: a trainer who must first restore
 * or unlock their key on the Trainer page finds it here again when they come back, instead of
 * having to ask for the trainee's link a second time (the link leaves the address on opening).
 * Storage refused (private mode) keeps nothing: opening the link again still works.
 */
const PENDING_REQUEST = 'tandem:sign:pending-request';

export const pendingRequest = {
  get(): string | null {
    try {
      return sessionStorage.getItem(PENDING_REQUEST);
    } catch {
      return null;
    }
  },
  set(fragment: string): void {
    try {
      sessionStorage.setItem(PENDING_REQUEST, fragment);
    } catch {
      // Not kept: opening the link again still works.
    }
  },
  clear(): void {
    try {
      sessionStorage.removeItem(PENDING_REQUEST);
    } catch {
      // Nothing was kept.
    }
  },
};
