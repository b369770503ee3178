/**
 * Trust without a server (the built site's roster is the only trust anchor): trainer keys and their backups, signed sign-off entries,
 * their verification against the published roster, step order, and request/response links.
 * Pure logic (WebCrypto aside): no DOM, no storage, no stores.
 */
export * from '../result';
export { TEXT_LIMITS } from './fields';
export * from './roster';
export * from './keys';
export * from './entry';
export * from './ledger';
export * from './verify';
export * from './links';
