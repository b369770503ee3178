/**
 * What the trainee is told about keeping their progress. It lives only in this browser's
 * storage, which browsers may delete: Safari removes a site's storage after seven days without a
 * visit, and others evict it when the device runs short of space, unless the site's storage is
 * persistent (navigator.storage.persist). Pure: stores/persistence.ts asks the browser.
 */
import { count } from '../plural';

/** Whether the browser promised to keep this site's storage; 'unsupported' when it cannot say. */
export type Persistence = 'granted' | 'not-granted' | 'unsupported';

export function keepingText(state: Persistence, entries: number): string {
  const signed = entries
    ? `Your ${count(entries, 'signed entry', 'signed entries')} ${entries === 1 ? 'is' : 'are'} only here. `
    : '';
  const copy =
    'Download your progress file after each sign-off and keep it somewhere safe: importing it on My progress gives everything back, on this browser or another.';
  switch (state) {
    case 'granted':
      return `This browser has agreed to keep your progress: it will not delete it to free space. It is still only on this device. ${signed}${copy}`;
    case 'not-granted':
      return `This browser has not agreed to keep your progress, so it may delete it: Safari does after seven days without a visit, and other browsers do when the device runs short of space. ${signed}${copy}`;
    default:
      return `This browser cannot say whether it will keep your progress: it may delete it (Safari does after seven days without a visit). ${signed}${copy}`;
  }
}
