/**
 * duplicateMemberName: a signed payload with two members of one name means two things, so the
 * scanner must find every duplicate (nested, in arrays, spelled with escapes) and nothing else
 * (braces and quotes inside strings, the same name in sibling objects). stripBom: a file saved
 * with a byte order mark reads like one without.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateMemberName, memberNames, stripBom } from '../../../src/lib/trust/encoding';

const escapedMemberName = (text: string) => memberNames(text).escaped;

describe('duplicateMemberName', () => {
  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"outcome":"practice","step":"show","outcome":"signed-off"}', 'outcome'],
    ['{"a":1,"b":{"c":1,"d":2,"c":3}}', 'b.c'],
    ['{"rests":{"entries":[{"id":"x","hash":"h"},{"id":"y","id":"z"}]}}', 'rests.entries[1].id'],
    ['[{"a":1},{"a":1,"a":2}]', '[1].a'],
    ['{"a":{},"a":1}', 'a'],
    ['{"a":[1,2,{"b":[]}],"a":null}', 'a'],
    // The same name spelled two ways is one name.
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{"\\u00e9":1,"é":2}', '["é"]'],
    ['{"x\\"y":1,"x\\u0022y":2}', '["x\\"y"]'],
    ['{"\\\\":1,"\\u005c":2}', '["\\\\"]'],
    // Odd names are quoted in the path.
    ['{"x.y":{"k":1,"k":2}}', '["x.y"].k'],
    [' { "a" : 1 , \n "a" : 2 } ', 'a'],
    // An empty name counts too.
    ['{"":1,"":2}', '[""]'],
  ])('finds the duplicate in %s: %s', (text, path) => {
    expect(duplicateMemberName(text)).toBe(path);
  });

  it.each([
    '{}',
    '[]',
    '"a"',
    '42',
    '{"a":1,"b":2}',
    // The same name in sibling objects and in array elements is fine.
    '{"a":{"x":1},"b":{"x":2}}',
    '[{"id":1},{"id":2}]',
    '{"entries":[{"id":"a","hash":"h"},{"id":"b","hash":"h"}]}',
    // Braces, brackets, commas, colons and quotes inside strings are text, not structure.
    '{"a":"}{\\"a\\":1,","b":"[\\"a\\"]"}',
    '{"a":"\\\\","b":"\\\\\\""}',
    '{"notes":"{\\"a\\":1,\\"a\\":2}"}',
    // A value equal to a name is not a name.
    '{"a":"a","b":"a"}',
    '{"a":["a","a"]}',
    // Names that differ only in case or by escapes of different characters are different.
    '{"a":1,"A":2}',
    '{"\\u0061":1,"\\u0062":2}',
  ])('finds no duplicate in %s', (text) => {
    expect(duplicateMemberName(text)).toBeUndefined();
  });

  it('returns undefined for text that is not JSON (parsing refuses it anyway)', () => {
    expect(duplicateMemberName('{"a":1,"a')).toBeUndefined();
    expect(duplicateMemberName('{"a":1,"\\u00zz":2}')).toBeUndefined();
    expect(duplicateMemberName('')).toBeUndefined();
  });

  it('handles deep nesting without recursion', () => {
    const depth = 100_000;
    const deep = `${'{"a":'.repeat(depth)}{"b":1,"b":2}${'}'.repeat(depth)}`;
    expect(duplicateMemberName(deep)).toBe(`${'a.'.repeat(depth)}b`);
    expect(duplicateMemberName(`${'['.repeat(depth)}${']'.repeat(depth)}`)).toBeUndefined();
  });

  it('finds nothing in anything JSON.stringify writes (its objects cannot repeat a name)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(duplicateMemberName(JSON.stringify(value))).toBeUndefined();
        expect(duplicateMemberName(JSON.stringify(value, null, 2))).toBeUndefined();
      }),
    );
  });

  it('finds the first repeated name of a hand-written object, however its names are escaped', () => {
    const name = fc.constantFrom('a', 'b', 'é', 'x"y', '{', '}', '\\');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, fc.jsonValue(), fc.boolean()), { maxLength: 8 }),
        fc.constantFrom('', 'wrap'),
        (members, wrap) => {
          // Each name written plainly or with every character as \uXXXX.
          const spell = (n: string, escape: boolean) =>
            escape
              ? `"${[...n].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
              : JSON.stringify(n);
          const body = `{${members.map(([n, v, e]) => `${spell(n, e)}:${JSON.stringify(v)}`).join(',')}}`;
          const text = wrap ? `{"list":[0,${body}]}` : body;
          const seen = new Set<string>();
          const first = members.find(([n]) => (seen.has(n) ? true : (seen.add(n), false)));
          const expected =
            first === undefined
              ? undefined
              : `${wrap ? 'list[1]' : ''}${/^[A-Za-z_$][\w$]*$/.test(first[0]) ? `${wrap ? '.' : ''}${first[0]}` : `[${JSON.stringify(first[0])}]`}`;
          expect(duplicateMemberName(text)).toBe(expected);
        },
      ),
    );
  });

  it('finds a repeat on either side of the point where an object’s names go into a set', () => {
    for (const count of [15, 16, 17, 40]) {
      const names = Array.from({ length: count }, (_, i) => `n${i}`);
      const object = (extra: string[]) =>
        `{${[...names, ...extra].map((n, i) => `"${n}":[${i},{"n0":"\\\""}]`).join(',')}}`;
      expect(duplicateMemberName(object([]))).toBeUndefined();
      expect(duplicateMemberName(object(['n0']))).toBe('n0');
      expect(duplicateMemberName(object([`n${count - 1}`]))).toBe(`n${count - 1}`);
      expect(duplicateMemberName(object(['fresh', 'fresh']))).toBe('fresh');
    }
  });

  it('takes time linear in the text', () => {
    const members = Array.from({ length: 200_000 }, (_, i) => `"k${i}":"v{[,]}\\"${i}"`).join(',');
    const started = performance.now();
    expect(duplicateMemberName(`{${members}}`)).toBeUndefined();
    expect(duplicateMemberName(`{${members},"k7":0}`)).toBe('k7');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('memberNames: a name written with an escape', () => {
  it.each([
    ['{"\\u0061":1}', '\\u0061'],
    ['{"a":1,"b":{"c\\n":2}}', 'c\\n'],
    ['[{"ok":1},{"x\\"y":2}]', 'x\\"y'],
    ['{"}":"","\\u007d":{}}', '\\u007d'],
    [' { "a" : 1 , "\\\\" \n : 2 } ', '\\\\'],
  ])('finds the escaped name in %s: %s', (text, name) => {
    expect(escapedMemberName(text)).toBe(name);
  });

  it.each([
    '{}',
    '{"a":1,"b":[1,"\\u0061"]}',
    // Escapes in values, quotes and colons inside strings are not names.
    '{"a":"x\\":y","b":"\\\\"}',
    '{"notes":"{\\"a\\":1}"}',
    '["\\u0061:",":"]',
    '"\\u0061"',
  ])('finds none in %s', (text) => {
    expect(escapedMemberName(text)).toBeUndefined();
  });

  it('finds an escaped name exactly when a hand-written object has one, wherever it is', () => {
    const name = fc.constantFrom('a', 'b', 'é', 'x"y', '{', '}', '\\', ':');
    fc.assert(
      fc.property(
        // Names unique in their object: a repeated one is refused first (and the scan stops there).
        fc.uniqueArray(fc.tuple(name, fc.jsonValue(), fc.boolean()), { maxLength: 8, selector: ([n]) => n }),
        (members) => {
          // Names written plainly (JSON.stringify escapes only a quote and a backslash) or as \uXXXX.
          const spell = (n: string, escape: boolean) =>
            escape
              ? `"${[...n].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`
              : JSON.stringify(n);
          const written = members.map(([n, , e]) => spell(n, e));
          const text = `{"list":[0,{${members.map(([, v], i) => `${written[i]}:${JSON.stringify(v)}`).join(',')}}]}`;
          // Values may hold escaped names of their own (JSON.stringify of an object with a key "x\"y").
          const inValues = members.some(([, v]) => escapedMemberName(JSON.stringify(v)) !== undefined);
          const first = written.find((w) => w.includes('\\'));
          if (!inValues) expect(escapedMemberName(text)).toBe(first?.slice(1, -1));
          else expect(escapedMemberName(text)).toBeDefined();
        },
      ),
    );
  });

  it('is reported beside a repeated name in one pass, the repeat first', () => {
    expect(memberNames('{"\\u0062":1,"a":1,"a":2}')).toEqual({ repeated: 'a', escaped: '\\u0062' });
    expect(memberNames('{"a":1,"\\u0061":2}')).toEqual({ repeated: 'a', escaped: '\\u0061' });
    expect(memberNames('{"a":1,"b":2}')).toEqual({});
  });

  it('finds none in anything JSON.stringify writes with plain names', () => {
    const plain = fc.letrec((tie) => ({
      value: fc.oneof(
        fc.jsonValue({ maxDepth: 0 }),
        fc.array(tie('value')),
        fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(plain, (value) => {
        expect(escapedMemberName(JSON.stringify(value))).toBeUndefined();
        expect(escapedMemberName(JSON.stringify(value, null, 2))).toBeUndefined();
      }),
    );
  });
});

describe('stripBom', () => {
  it('removes one byte order mark at the start, and only there', () => {
    expect(stripBom('\uFEFF{"a":1}')).toBe('{"a":1}');
    expect(stripBom('\uFEFF\uFEFF{}')).toBe('\uFEFF{}');
    expect(stripBom('{"a":"\uFEFF"}')).toBe('{"a":"\uFEFF"}');
    expect(stripBom('')).toBe('');
    expect(stripBom('plain')).toBe('plain');
  });

  it('makes a BOM-prefixed file parse like the same file without one', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(JSON.parse(stripBom(`\uFEFF${text}`))).toEqual(JSON.parse(text));
        expect(stripBom(text)).toBe(text);
      }),
    );
  });
});
