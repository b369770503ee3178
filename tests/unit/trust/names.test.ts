/**
 * Names in signed entries and request links (`checkName`, and `nameProblem` for the pages where
 * names are typed): a name that can pass for another one is refused with a sentence saying why;
 * genuine names in any script are accepted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEXT_LIMITS, checkName, nameProblem } from '../../../src/lib/trust/fields';

const GENUINE = [
  'Alice Martin',
  'José Ñúñez',
  'Jose\u0301 Nun\u0303ez', // accents as combining marks
  "Seán O'Brien-Smith",
  'Anne-Marie d’Arc',
  'Zoë Saldaña',
  'Иван Петров',
  'Σωκράτης Παπαδόπουλος',
  'محمد علي',
  'דוד כהן',
  '山田 たろう',
  '山田たろう',
  '李小龍',
  '김민준',
  'Nguyễn Văn An',
  'राहुल शर्मा',
  'Ivan Петров', // words in different scripts: each word is one script
  'Mary Jane 3rd',
  'Dana Demo',
  'New hire',
];

describe('checkName accepts genuine names', () => {
  it.each(GENUINE)('%s', (name) => {
    expect(checkName(name, 'trainee.name')).toBeUndefined();
    expect(nameProblem(name)).toBeUndefined();
  });

  it('accepts any name written in one script with spaces, hyphens and apostrophes', () => {
    const alphabets = [
      [...'abcdefghijklmnopqrstuvwxyzàéîõüñçÅ'],
      [...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВ'],
      [...'αβγδεζηθικλμνξοπρστυφχψωάέΩ'],
      [...'ابتثجحخدذرزسشصضطظعغفقكلمنهوي'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...alphabets).chain((letters) =>
          fc.array(fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 12 }), {
            minLength: 1,
            maxLength: 4,
          }),
        ),
        fc.constantFrom(' ', '-', "'", '’'),
        (words, separator) => {
          const name = words.map((w) => w.join('')).join(separator);
          expect(checkName(name, 'n')).toBeUndefined();
        },
      ),
    );
  });
});

describe('checkName refuses invisible and direction-changing characters', () => {
  const INVISIBLE: [string, string][] = [
    ['NUL', '\u0000'],
    ['escape', '\u001b'],
    ['tab', '\t'],
    ['line feed', '\n'],
    ['DEL', '\u007f'],
    ['C1 control', '\u0085'],
    ['C1 CSI', '\u009b'],
    ['soft hyphen', '\u00ad'],
    ['Arabic letter mark', '\u061c'],
    ['zero-width space', '\u200b'],
    ['zero-width non-joiner', '\u200c'],
    ['zero-width joiner', '\u200d'],
    ['left-to-right mark', '\u200e'],
    ['right-to-left mark', '\u200f'],
    ['line separator', '\u2028'],
    ['paragraph separator', '\u2029'],
    ['LRE', '\u202a'],
    ['RLE', '\u202b'],
    ['PDF', '\u202c'],
    ['LRO', '\u202d'],
    ['RLO', '\u202e'],
    ['word joiner', '\u2060'],
    ['LRI', '\u2066'],
    ['RLI', '\u2067'],
    ['FSI', '\u2068'],
    ['PDI', '\u2069'],
    ['BOM', '\ufeff'],
    ['Hangul filler', '\u3164'],
    ['tag letter', '\u{e0041}'],
  ];
  it.each(INVISIBLE)('%s', (_, ch) => {
    for (const name of [`Ali${ch}ce`, `${ch}Alice`, `Alice${ch}`, `محمد${ch}علي`]) {
      expect(checkName(name, 'trainee.name')).toMatch(
        /^trainee\.name contains invisible or direction-changing characters \(U\+[0-9A-F]{4,5}\)$/,
      );
    }
  });

  it('says which character it found', () => {
    expect(checkName('Alice\u202eecilA', 'trainer.name')).toBe(
      'trainer.name contains invisible or direction-changing characters (U+202E)',
    );
  });
});

describe('checkName refuses look-alike names', () => {
  it.each([
    ['\u0410lice', 'Latin and Cyrillic', '\u0410lice'], // Cyrillic А
    ['Dana D\u0435mo', 'Latin and Cyrillic', 'D\u0435mo'], // Cyrillic е
    ['P\u0430ypal Smith', 'Latin and Cyrillic', 'P\u0430ypal'],
    ['\u0391lice', 'Latin and Greek', '\u0391lice'], // Greek Alpha
    ['Ωmega', 'Latin and Greek', 'Ωmega'],
    ['Ива\u006e', 'Latin and Cyrillic', 'Ива\u006e'], // Latin n inside a Cyrillic word
    ['Dana-D\u0435mo', 'Latin and Cyrillic', 'D\u0435mo'],
  ])('%s mixes %s', (name, scripts, word) => {
    expect(checkName(name, 'trainee.name')).toBe(
      `trainee.name mixes scripts (${scripts}) in one word ("${word}"), so it can imitate another name`,
    );
  });

  it('refuses styled letters that copy ordinary ones', () => {
    expect(checkName('\u{1d400}lice', 'n')).toBe(
      'n contains styled letters (such as \u{1d400}) that imitate ordinary ones',
    );
    expect(checkName('\u{1d538}\u{1d55d}\u{1d55a}\u{1d554}\u{1d556}', 'n')).toMatch(/styled letters/);
  });

  it('refuses any Latin word with one Cyrillic or Greek letter in it', () => {
    const foreign = [...'аеорсухіјѕԁАВЕКМНОРСТХ', ...'αεικνορτυχΑΒΕΗΙΚΜΝΟΡΤΥΧΖ'];
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 10 }),
        fc.constantFrom(...foreign),
        fc.nat(),
        (word, letter, at) => {
          const i = at % (word.length + 1);
          expect(checkName(`Sam ${word.slice(0, i)}${letter}${word.slice(i)}`, 'n')).toMatch(/mixes scripts/);
        },
      ),
    );
  });
});

describe('checkName keeps its other rules', () => {
  it('refuses what is not a name at all', () => {
    expect(checkName(undefined, 'trainee.name')).toBe('trainee.name is missing or not text');
    expect(checkName('   ', 'trainee.name')).toBe('trainee.name is empty');
    expect(checkName('a'.repeat(TEXT_LIMITS.name + 1), 'trainee.name')).toBe(
      `trainee.name is longer than ${TEXT_LIMITS.name} characters`,
    );
  });

  it('nameProblem speaks of "The name" unless told otherwise', () => {
    expect(nameProblem('A\u200bB')).toBe('The name contains invisible or direction-changing characters (U+200B)');
    expect(nameProblem('\u0410lice', 'The trainee’s name')).toMatch(/^The trainee’s name mixes scripts/);
  });
});

describe('a name checked again (the verdict is remembered per name)', () => {
  it('gives the same verdict each time, naming the field it is checked as', () => {
    const spoofed = 'Аlice Martin'; // Cyrillic А
    const first = checkName(spoofed, 'trainee.name');
    expect(first).toMatch(/^trainee\.name mixes scripts/);
    expect(checkName(spoofed, 'trainer.name')).toBe(first?.replace('trainee.name', 'trainer.name'));
    expect(checkName(spoofed, 'trainee.name')).toBe(first);
    expect(checkName('Alice Martin', 'trainee.name')).toBeUndefined();
    expect(checkName('Alice Martin', 'trainer.name')).toBeUndefined();
  });

  it('still judges every name alike after many distinct ones have been checked', () => {
    for (let i = 0; i < 3000; i++) expect(checkName(`Trainee ${i}`, 'trainee.name')).toBeUndefined();
    expect(checkName('Ali\u200Bce', 'trainee.name')).toMatch(/invisible or direction-changing characters \(U\+200B\)/);
    expect(checkName('Аlice Martin', 'x')).toMatch(/^x mixes scripts/);
  });
});
