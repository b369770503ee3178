/**
 * One result shape for anything that can fail for a reason a person should hear: `reason` is a
 * stable code for code and tests, `message` a sentence a page can show as it is.
 */
export type Result<T, R extends string = string> = { ok: true; value: T } | { ok: false; reason: R; message: string };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<R extends string>(reason: R, message: string): { ok: false; reason: R; message: string } {
  return { ok: false, reason, message };
}
