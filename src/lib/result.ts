/**
 * One result shape for src/lib and src/stores. Anything a user (or a hostile file, link or
 * token) can cause comes back as a `Failure` with a machine-readable `reason` and a sentence a
 * page can show as it is; exceptions are kept for programming errors (a missing CryptoKey, a
 * browser without WebCrypto where signing needs it).
 */

/** Success, carrying its value. */
export interface Ok<T> {
  ok: true;
  value: T;
}

/** Refusal: `reason` is a stable code for code and tests, `message` a sentence for people. */
export interface Failure<R extends string> {
  ok: false;
  reason: R;
  message: string;
}

export type Result<T, R extends string = string> = Ok<T> | Failure<R>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function fail<R extends string>(reason: R, message: string): Failure<R> {
  return { ok: false, reason, message };
}
