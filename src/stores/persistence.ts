/**
 * Asking the browser to keep this site's storage (the Storage API's persist()), so trainee
 * progress and its signed entries are not evicted. Browsers decide on their own: Chromium grants
 * it to sites a person uses often or has installed, Firefox asks the person, Safari may say no.
 * Never throws: a browser without the API, or one that refuses to answer, is 'unsupported'.
 */
import type { Persistence } from '../lib/progress/keeping';

/** Whether storage is persistent now, without asking. */
export async function persistence(): Promise<Persistence> {
  try {
    if (!navigator.storage?.persisted) return 'unsupported';
    return (await navigator.storage.persisted()) ? 'granted' : 'not-granted';
  } catch {
    return 'unsupported';
  }
}

/** Asks for persistent storage unless it is already granted; the answer the browser gave. */
export async function askPersistence(): Promise<Persistence> {
  try {
    if (!navigator.storage?.persist) return 'unsupported';
    if (await navigator.storage.persisted()) return 'granted';
    return (await navigator.storage.persist()) ? 'granted' : 'not-granted';
  } catch {
    return 'unsupported';
  }
}
