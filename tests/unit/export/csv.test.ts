import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CSV_COLUMNS, csvField, recordsToCsv, rowsToCsv } from '../../../src/lib/export/csv';
import type { TraineeRecord } from '../../../src/lib/export/types';
import { COURSE_EXPIRES, SKILLS, recordFixtures, type RecordFixtures } from '../../fixtures/records';

let f: RecordFixtures;
beforeAll(async () => {
  f = await recordFixtures();
});

/**
 * A strict RFC 4180 reader: records end with CRLF, a quoted field may hold anything (a doubled
 * quote is one quote), an unquoted field may hold no quote, CR or LF. Throws on anything else, so
 * a test that parses also checks the writer quoted what it had to.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const atRecordEnd = () => text[i] === '\r' && text[i + 1] === '\n';
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
      if (i < text.length && text[i] !== ',' && !atRecordEnd()) throw new Error(`text after a closing quote at ${i}`);
    } else {
      while (i < text.length && text[i] !== ',' && !atRecordEnd()) {
        if (text[i] === '"' || text[i] === '\r' || text[i] === '\n') {
          throw new Error(`unquoted ${JSON.stringify(text[i])} at ${i}`);
        }
        field += text[i];
        i += 1;
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i += 1;
      if (i === text.length) row.push('');
    } else if (atRecordEnd()) {
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

const DANGEROUS_START = /^[=+\-@\t\r\0]/;
/**
 * The value as read back: the original, with an apostrophe in front when it starts like a formula.
 * (Taking the apostrophe off again is left to people: "'=x" could have been typed that way.)
 */
const protect = (value: string) => (DANGEROUS_START.test(value) ? `'${value}` : value);

function table(records: TraineeRecord[]) {
  const [header, ...rows] = parseCsv(recordsToCsv(records, { bom: false }));
  const objects = rows.map((r) => Object.fromEntries((header as string[]).map((h, i) => [h, r[i]])));
  const find = (trainee: string, skill: string, step: string) => {
    const row = objects.find((o) => o['trainee_id'] === trainee && o['skill_id'] === skill && o['step'] === step);
    if (!row) throw new Error(`no row for ${trainee} ${skill} ${step}`);
    return row;
  };
  return { header, rows, find };
}

describe('recordsToCsv', () => {
  it('has a header and one row per trainee, skill and step, not-started ones included', () => {
    const { header, rows } = table([f.certified, f.inProgress]);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2 * SKILLS.length * 4);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(rows.slice(0, 4).map((r) => r[CSV_COLUMNS.indexOf('step')])).toEqual([
      'Show',
      'Co-pilot',
      'Solo',
      'Teach-back',
    ]);
  });

  it('gives only a header for no records', () => {
    expect(recordsToCsv([], { bom: false })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });

  it('starts with a UTF-8 byte order mark for Excel unless told not to', () => {
    expect(recordsToCsv([f.certified]).startsWith('\uFEFFtrainee_id,')).toBe(true);
    expect(recordsToCsv([f.certified], { bom: true }).charCodeAt(0)).toBe(0xfeff);
    expect(recordsToCsv([f.certified], { bom: false }).startsWith('trainee_id,')).toBe(true);
  });

  it('ends every record with CRLF, and has no line break outside quoted fields', () => {
    const csv = recordsToCsv([f.certified, f.inProgress], { bom: false });
    expect(csv.endsWith('\r\n')).toBe(true);
    // Line breaks inside quoted fields (the multi-line note) are the only bare \n.
    const outsideQuotes = csv.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes).not.toMatch(/[^\r]\n|\r[^\n]/);
    expect(() => parseCsv(csv)).not.toThrow();
  });

  it('shows a signed-off step with its sign-off, trainer and skill certification', () => {
    expect(table([f.certified]).find('trainee-tess', 'active-listening', 'Show')).toEqual({
      trainee_id: 'trainee-tess',
      trainee_name: 'Tess Trainee',
      skill_id: 'active-listening',
      skill: 'Active listening',
      required: 'yes',
      step_number: '1',
      step: 'Show',
      status: 'signed off',
      practice_sessions: '0',
      first_activity: '2026-03-02',
      signed_off_on: '2026-03-02',
      signed_at: '2026-03-02T10:00:00.000Z',
      reopened_at: '',
      trainer: 'Alice Adams',
      trainer_id: 'alice-trainer',
      demo: 'no',
      earlier_version: 'no',
      skill_certified_at: '2026-03-06T12:00:00.000Z',
      certification_expires: COURSE_EXPIRES,
      certification_demo: 'no',
      notes: 'Named three cues and why.',
      signatures: 'single-signed',
      acknowledged_at: '',
    });
  });

  it('says when a step carries the trainee’s signature too, or awaits it', () => {
    const record = structuredClone(f.certified);
    const first = record.signoffs[0];
    if (!first) throw new Error('no entry');
    first.payload.trainee.kid = 'K'.repeat(43);
    const awaiting = table([record]).find('trainee-tess', 'active-listening', 'Show');
    expect(awaiting).toMatchObject({ signatures: 'trainer, awaiting trainee', acknowledged_at: '' });
    first.ack = { at: '2026-03-02T11:00:00.000Z', statement: 'Training given.', jws: 'a.b.c' };
    const two = table([record]).find('trainee-tess', 'active-listening', 'Show');
    expect(two).toMatchObject({ signatures: 'trainer and trainee', acknowledged_at: '2026-03-02T11:00:00.000Z' });
  });

  it('counts practice before a sign-off and dates the first activity', () => {
    const row = table([f.certified]).find('trainee-tess', 'active-listening', 'Co-pilot');
    expect(row).toMatchObject({ status: 'signed off', first_activity: '2026-03-03', signed_off_on: '2026-03-04' });
    // Sessions count since the step was last opened; the sign-off closed it.
    expect(row['practice_sessions']).toBe('1');
  });

  it('shows a practising step with its session count and the demo trainer of the latest session', () => {
    expect(table([f.inProgress]).find('trainee-omar', 'active-listening', 'Co-pilot')).toMatchObject({
      status: 'practising',
      practice_sessions: '2',
      first_activity: '2026-03-03',
      signed_off_on: '',
      signed_at: '',
      trainer: 'Demo Trainer',
      trainer_id: 'demo-trainer',
      demo: 'yes',
      earlier_version: 'no',
      skill_certified_at: '',
      certification_demo: '',
      notes: 'Demo session two.',
    });
  });

  it('leaves everything about entries empty for a step not started', () => {
    expect(table([f.inProgress]).find('trainee-omar', 'de-escalation', 'Solo')).toMatchObject({
      status: 'not started',
      practice_sessions: '0',
      first_activity: '',
      signed_off_on: '',
      signed_at: '',
      reopened_at: '',
      trainer: '',
      trainer_id: '',
      demo: '',
      earlier_version: '',
      notes: '',
    });
  });

  it('shows a re-opened step with the re-opening, and a step signed off again after one', () => {
    const { find } = table([f.certified]);
    expect(find('trainee-tess', 'warm-handover', 'Co-pilot')).toMatchObject({
      required: 'no',
      status: 're-opened',
      practice_sessions: '0',
      signed_off_on: '',
      reopened_at: '2026-03-16T10:00:00.000Z',
      trainer: 'Alice Adams',
      notes: 'Re-opened: the handover script changed.',
    });
    expect(find('trainee-tess', 'de-escalation', 'Solo')).toMatchObject({
      status: 'signed off',
      signed_off_on: '2026-03-11',
      reopened_at: '2026-03-10T10:00:00.000Z',
      notes: 'Solo again, new policy.',
    });
  });

  it('flags a sign-off made against an earlier version of the skill', () => {
    expect(table([f.certified]).find('trainee-tess', 'de-escalation', 'Show')['earlier_version']).toBe('yes');
  });

  it('quotes a note with a comma, quotes and a line break, and reads back the same', () => {
    const csv = recordsToCsv([f.certified], { bom: false });
    expect(csv).toContain('"Good, ""calm"" tone.\nWatch the pace, though."');
    expect(table([f.certified]).find('trainee-tess', 'warm-handover', 'Show')['notes']).toBe(
      'Good, "calm" tone.\nWatch the pace, though.',
    );
  });

  it('defuses a formula in a name or note, and reads back with only the apostrophe added', () => {
    const record: TraineeRecord = {
      ...f.certified,
      trainee: { id: 'trainee-tess', name: '=HYPERLINK("http://evil.example/","Click")' },
      skills: [{ id: 'active-listening', title: '@SUM(A1:A9)', required: true }],
    };
    const csv = recordsToCsv([record], { bom: false });
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example/"",""Click"")",`);
    const row = table([record]).find('trainee-tess', 'active-listening', 'Show');
    expect(row['trainee_name']).toBe(`'=HYPERLINK("http://evil.example/","Click")`);
    expect(row['skill']).toBe("'@SUM(A1:A9)");
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\r\nbreak', '"line\r\nbreak"'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\ronly', '"cr\ronly"'],
    ['=1+1', "'=1+1"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['-Ann-', "'-Ann-"],
    ['@cmd', "'@cmd"],
    ['\tindent', "'\tindent"],
    ['\rstart', `"'\rstart"`],
    ['=A1,"x"', `"'=A1,""x"""`],
    ['a=b', 'a=b'],
    ["'quoted already", "'quoted already"],
  ])('%j is written as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });
});

describe('CSV round trip (property)', () => {
  const special = fc.constantFrom(',', '"', '\r', '\n', '\r\n', '=', '+', '-', '@', '\t', '\0', "'", ' ');
  const char = fc.oneof(special, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
  const field = fc.string({ unit: char, maxLength: 12 });

  it('reads back every field as written, the protective apostrophe aside', () => {
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const parsed = parseCsv(rowsToCsv(rows, { bom: false }));
        expect(parsed).toEqual(rows.map((r) => r.map(protect)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps names, titles and notes from a record intact', () => {
    fc.assert(
      fc.property(field, field, field, field, (name, title, trainerName, notes) => {
        const [first, ...rest] = f.certified.signoffs;
        const entry = first as (typeof rest)[number];
        const record: TraineeRecord = {
          ...f.certified,
          trainee: { ...f.certified.trainee, name },
          skills: [{ ...(SKILLS[0] as (typeof SKILLS)[number]), title }],
          signoffs: [
            {
              ...entry,
              payload: { ...entry.payload, notes, trainer: { ...entry.payload.trainer, name: trainerName } },
            },
            ...rest,
          ],
        };
        const row = table([record]).find('trainee-tess', 'active-listening', 'Show');
        expect(row['trainee_name']).toBe(protect(name));
        expect(row['skill']).toBe(protect(title));
        expect(row['trainer']).toBe(protect(trainerName));
        expect(row['notes']).toBe(protect(notes));
      }),
      { numRuns: 100 },
    );
  });
});
