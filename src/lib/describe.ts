/**
 * A value read from an untrusted file or link, as short text for a message. Never throws:
 * `String(value)` does, on JSON such as `{"toString": 1}` (not callable: "Cannot convert object
 * to primitive value") and on lists nested thousands of levels deep (the stack overflows).
 */
export function describeValue(value: unknown, max = 60): string {
  const text =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value == null
      ? String(value)
      : Array.isArray(value)
        ? 'a list'
        : 'an object';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
