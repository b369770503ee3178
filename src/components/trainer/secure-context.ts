/**
 * Browsers give WebCrypto (`crypto.subtle`) only to secure contexts: HTTPS, or localhost. On a
 * plain-HTTP intranet host there is none, so trainer pages check this before offering any key
 * action rather than fail halfway with a browser error.
 */
export function hasWebCrypto(): boolean {
  return window.isSecureContext && typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}
