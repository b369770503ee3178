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

/** One open object or array while scanning. */
type Frame =
  | { kind: 'object'; names: Set<string>; expectingName: boolean; name: string | undefined }
  | { kind: 'array'; index: number };

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
  let i = 0;
  while (i < n) {
    const c = jsonText.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      i = start;
      while (i < n) {
        const d = jsonText.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i += 2;
        } else if (d === 0x22) break;
        else i++;
      }
      if (i >= n) return found(); // unterminated string: not JSON
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectingName) {
        const raw = jsonText.slice(start, i);
        const name = escaped ? decodeString(raw) : raw;
        if (name === undefined) return found();
        if (escaped) escapedName ??= raw;
        top.expectingName = false;
        top.name = name;
        if (top.names.has(name)) return found(pathOf(stack));
        top.names.add(name);
      }
      i++;
      continue;
    }
    if (c === 0x7b /* { */) stack.push({ kind: 'object', names: new Set(), expectingName: true, name: undefined });
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
