/**
 * Text for a terminal. `npm run verify` prints names, header members, messages and dates that
 * come from the file being checked; written raw, an escape sequence in a header member name can
 * clear the screen and paint a fake "VALID" report, and a bidi override can reorder what a line
 * seems to say. Everything the command writes as text passes through `terminalSafe` once, at the
 * place it is written, so no field can be forgotten. (`--json` output is left exact:
 * JSON.stringify already escapes C0 controls.)
 */

/**
 * Characters that a terminal acts on or that do not show: C0 and C1 controls and DEL (Cc),
 * format characters (Cf: soft hyphen, zero-width space/joiners, word joiner, BOM, bidi marks,
 * embeddings, overrides and isolates, invisible tags), line and paragraph separators, and lone
 * surrogates (which no terminal can show).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** `text` with every control or invisible character shown as a visible escape, e.g. `\u{1b}`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`);
}
