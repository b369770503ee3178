/**
 * Duplicate member names in JSON text. JSON.parse keeps the last of two members with the same
 * name, so a signed payload `{"outcome":"practice",…,"outcome":"signed-off"}` would be read as
 * one thing while a reader of the text (or another parser, which may keep the first) sees
 * another. A signed payload must mean one thing: its decoded text is scanned once with this
 * before it is trusted, and any duplicate refuses it.
 *
 * A single linear pass over the text, no recursion (so no stack limit on deep nesting): member
 * names are compared after their escapes are decoded, so "a" and "\u0061" are the same name.
 */

/**
 * One open object or array while scanning. An object's names are kept in a list, searched
 * one by one, until it holds more than `FEW_NAMES`; then in a set as well: a payload's objects
 * hold a handful of names each, and a set for each of them cost more than the scan around it.
 */
type Frame =
  | { kind: 'object'; names: string[]; many?: Set<string>; expectingName: boolean; name: string | undefined }
  | { kind: 'array'; index: number };

const FEW_NAMES = 16;

/** Whether the object already holds `name`; if not, it does now. */
function seenBefore(frame: Extract<Frame, { kind: 'object' }>, name: string): boolean {
  if (frame.many) {
    if (frame.many.has(name)) return true;
    frame.many.add(name);
  } else {
    if (frame.names.includes(name)) return true;
    if (frame.names.length === FEW_NAMES) frame.many = new Set(frame.names).add(name);
  }
  frame.names.push(name);
  return false;
}

/**
 * The path of the first member whose name is already used in the same object (for example
 * `outcome`, `evidence.style`, `rests.entries[2].id`), or undefined when every object's member
 * names are unique. Text that is not JSON gives undefined too: parsing it refuses it anyway.
 */
export function duplicateMemberName(jsonText: string): string | undefined {
  return memberNames(jsonText).repeated;
}

/**
 * Both checks of a signed payload's names in one pass: `repeated`, the path of the first
 * repeated name (as `duplicateMemberName`; the scan stops there), and `escaped`, the first name
 * before it written with an escape (`"\u0061"` for `a`), as written between its quotes.
 *
 * A signed payload's names are the format's own plain words, and no Tandem signer escapes one;
 * an escaped name is refused because parsers do not all read it alike: Node 24's JSON.parse
 * (V8 13.6), after objects with the members `}` and `\`, reads `{"}":"","\u007d":{}}` as
 * holding `}` and `\`, where Chromium reads one `}`.
 */
export function memberNames(jsonText: string): { repeated?: string; escaped?: string } {
  let escapedName: string | undefined;
  const found = (repeated?: string) => ({
    ...(repeated !== undefined && { repeated }),
    ...(escapedName !== undefined && { escaped: escapedName }),
  });
  const stack: Frame[] = [];
  const n = jsonText.length;
  // Where the next backslash is (2^32 - 1 when none is left): a string without one, as nearly all
  // are, is crossed by one native search for its closing quote, not a character at a time.
  let backslash = -1;
  let i = 0;
  while (i < n) {
    const c = jsonText.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      i = start;
      for (;;) {
        const quote = jsonText.indexOf('"', i);
        if (quote === -1) return found(); // unterminated string: not JSON
        if (backslash < i) backslash = jsonText.indexOf('\\', i) >>> 0; // none: past any index
        if (backslash > quote) {
          i = quote;
          break;
        }
        // An escape before the closing quote: the character after the backslash is skipped.
        escaped = true;
        i = backslash + 2;
        if (i >= n) return found();
      }
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectingName) {
        const raw = jsonText.slice(start, i);
        const name = escaped ? decodeString(raw) : raw;
        if (name === undefined) return found();
        if (escaped) escapedName ??= raw;
        top.expectingName = false;
        top.name = name;
        if (seenBefore(top, name)) return found(pathOf(stack));
      }
      i++;
      continue;
    }
    if (c === 0x7b /* { */) stack.push({ kind: 'object', names: [], expectingName: true, name: undefined });
    else if (c === 0x5b /* [ */) stack.push({ kind: 'array', index: 0 });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectingName = true;
      else if (top?.kind === 'array') top.index++;
    }
    i++;
  }
  return found();
}

/** The body of a JSON string (between its quotes) with its escapes decoded. */
function decodeString(raw: string): string | undefined {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The open frames as a path: `a.b[2].c`, with odd names quoted (`a["x.y"]`). */
function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const frame of stack) {
    if (frame.kind === 'array') path += `[${frame.index}]`;
    else if (frame.name !== undefined) {
      path += IDENTIFIER.test(frame.name)
        ? `${path === '' ? '' : '.'}${frame.name}`
        : `[${JSON.stringify(frame.name)}]`;
    }
  }
  return path;
}
