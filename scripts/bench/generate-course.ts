/**
 * Generates a complete, valid course of any size for `npm run bench` (scripts/bench.ts): course
 * settings, modules, lessons (MDX with the lesson components), a quiz per lesson using every
 * question type, skills that name lessons (and lessons that name them back) and trainers with
 * real P-256 public keys. Same seed and size, same bytes: figures from two runs compare.
 *
 * The prose is made up from small phrase lists for a fictional shop ("Brightwater Supply"); it
 * reads like a course without copying the sample course. Builds and Pagefind see realistic
 * amounts of text: lessons of roughly 700–1,100 words, quizzes of three to seven questions.
 *
 * Over 400 lines on purpose: a third of it is the vocabulary the prose is made from (the phrase
 * lists at the end), kept beside the code that draws from it so that one seed gives the same
 * bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { p256 } from '@noble/curves/nist.js';
import { base64url } from '../../src/lib/hash.ts';
import { thumbprint } from '../../src/lib/trust/keys.ts';

export interface GenerateOptions {
  /** Number of lessons (each with its quiz). */
  lessons: number;
  /** Seed of the pseudo-random choices. Default: 1. */
  seed?: number;
}

export interface GeneratedCourse {
  courseId: string;
  modules: number;
  lessons: number;
  quizzes: number;
  questions: number;
  /** Questions per type, e.g. { scenario: 40, single: 31, … }. */
  questionTypes: Record<string, number>;
  skills: number;
  trainers: number;
  /** Files written, and their total size in bytes. */
  files: number;
  bytes: number;
}

/** Writes the generated course into `dir` (course/, modules/, lessons/, …, as in src/content). */
export async function generateCourse(dir: string, options: GenerateOptions): Promise<GeneratedCourse> {
  const { files, summary } = await courseFiles(options);
  let bytes = 0;
  for (const [file, text] of files) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    bytes += Buffer.byteLength(text);
  }
  return { ...summary, files: files.size, bytes };
}

/** The course as file path (relative to the content folder) → text, without touching the disk. */
export async function courseFiles(
  options: GenerateOptions,
): Promise<{ files: Map<string, string>; summary: Omit<GeneratedCourse, 'files' | 'bytes'> }> {
  const n = options.lessons;
  if (!Number.isInteger(n) || n < 1) throw new Error(`lessons must be a whole number of at least 1, not ${n}`);
  const rng = new Random(options.seed ?? 1);
  const files = new Map<string, string>();
  const courseId = `brightwater-bench-${n}`;

  files.set(
    'course/settings.yaml',
    yaml({
      id: courseId,
      title: `Brightwater Service Basics (${n} lessons)`,
      organisation: 'Brightwater Supply (a made-up shop for benchmarks)',
      description: `A generated course of ${n} lessons for measuring builds. ${rng.sentence()}`,
      passMark: 80,
      certificationExpiryMonths: 12,
      // Made-up quizzes are not meant to test anyone: report the quiz-quality check, don't stop on it.
      quizQuality: 'warning',
    }),
  );

  // Modules of 5 to 11 lessons, the last one taking what is left.
  const moduleSizes: number[] = [];
  for (let left = n; left > 0;) {
    const size = left <= 11 ? left : rng.int(5, 11);
    moduleSizes.push(size);
    left -= size;
  }
  const moduleIds = uniqueIds();
  const lessonIds = uniqueIds();
  interface LessonPlan {
    id: string;
    title: string;
    module: string;
    order: number;
    topic: string;
    skills: string[];
  }
  const lessons: LessonPlan[] = [];
  moduleSizes.forEach((size, m) => {
    const area = rng.pick(AREAS);
    const title = `${area}: ${rng.pick(ASPECTS)}`;
    const id = moduleIds(title);
    files.set(`modules/${id}.yaml`, yaml({ order: m + 1, title, summary: `${rng.sentence()} ${rng.sentence()}` }));
    for (let order = 1; order <= size; order++) {
      const topic = rng.pick(TOPICS);
      const lessonTitle = `${rng.pick(GERUNDS)} ${topic} ${rng.pick(CHANNELS)}`;
      lessons.push({
        id: lessonIds(lessonTitle),
        title: capitalise(lessonTitle),
        module: id,
        order,
        topic,
        skills: [],
      });
    }
  });

  // Skills of two to four neighbouring lessons, about one for every twelve lessons; each lesson
  // names its skills back, so the build has no warnings to print.
  const skillCount = Math.max(3, Math.round(n / 12));
  const skillIds = uniqueIds();
  let cursor = 0;
  for (let s = 0; s < skillCount; s++) {
    const title = capitalise(`${rng.pick(SKILL_VERBS)} calls about ${rng.pick(TOPICS)}`);
    const id = skillIds(title);
    const count = Math.min(rng.int(2, 4), n);
    const members: string[] = [];
    for (let k = 0; k < count; k++) {
      const lesson = lessons[cursor % n] as LessonPlan;
      cursor++;
      if (members.includes(lesson.id)) continue;
      members.push(lesson.id);
      lesson.skills.push(id);
    }
    cursor += rng.int(0, 8); // leave some lessons outside every skill, as real courses do
    const step = (focus: string) => ({ focus, checks: rng.sample(CHECKS, rng.int(2, 4)) });
    files.set(
      `skills/${id}.yaml`,
      yaml({
        title,
        description: `${rng.sentence()} ${rng.sentence()}`,
        required: s % 5 !== 4,
        lessons: members,
        steps: {
          show: step(`The trainer handles ${rng.pick(TOPICS)} while the trainee watches and takes notes.`),
          copilot: step(`The trainer leads the conversation while the trainee works the order system.`),
          solo: step(`The trainee handles ${rng.pick(TOPICS)} alone; the trainer observes and debriefs.`),
          teachback: step(`The trainee teaches the skill to a newer colleague, using a case of their own.`),
        },
      }),
    );
  }

  const questionTypes: Record<string, number> = {};
  let questions = 0;
  lessons.forEach((lesson, i) => {
    const previous = i > 0 ? lessons[i - 1] : undefined;
    files.set(`lessons/${lesson.id}.mdx`, lessonText(rng, lesson, previous));
    const quiz = quizData(rng, lesson.topic, i);
    for (const q of quiz.questions) questionTypes[q.type] = (questionTypes[q.type] ?? 0) + 1;
    questions += quiz.questions.length;
    files.set(`quizzes/${lesson.id}.yaml`, `# Quiz for the lesson ${lesson.id}\n${yaml(quiz)}`);
  });

  // Trainers: real public keys, derived from the seed, so every kid is a true thumbprint.
  const trainerCount = 2 + Math.floor(n / 100);
  const trainerIds = uniqueIds();
  for (let t = 0; t < trainerCount; t++) {
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    const id = trainerIds(name);
    const keys: Record<string, unknown>[] = [];
    if (t === 0) {
      // One revoked key keeps the roster's revocation fields in the benchmark.
      keys.push({
        ...(await publicKey(rng)),
        validFrom: '2025-06-01',
        validUntil: '2026-06-01',
        status: 'revoked',
        revokedAt: '2026-01-15',
        revokedReason: 'Laptop replaced',
      });
    }
    keys.push({ ...(await publicKey(rng)), validFrom: '2026-01-01', status: 'active' });
    files.set(`trainers/${id}.yaml`, yaml({ name, keys }));
  }

  return {
    files,
    summary: {
      courseId,
      modules: moduleSizes.length,
      lessons: n,
      quizzes: n,
      questions,
      questionTypes,
      skills: skillCount,
      trainers: trainerCount,
    },
  };
}

/** Mulberry32: small, fast and the same on every platform. */
class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** `count` different items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count);
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
  bytes(count: number): Uint8Array {
    return Uint8Array.from({ length: count }, () => Math.floor(this.next() * 256));
  }
  /** A sentence of plain made-up advice prose. */
  sentence(): string {
    const template = this.pick(SENTENCES);
    return template.replace(/\$(\w+)/g, (_, slot: string) => {
      switch (slot) {
        case 'who':
          return this.pick(WHO);
        case 'topic':
          return this.pick(TOPICS);
        case 'advice':
          return this.pick(ADVICE);
        case 'benefit':
          return this.pick(BENEFITS);
        case 'mistake':
          return this.pick(MISTAKES);
        case 'name':
          return this.pick(FIRST_NAMES);
        case 'product':
          return `${this.pick(PRODUCT_ADJECTIVES)} ${this.pick(PRODUCTS)}`;
        case 'ref':
          return `BW-${this.int(10000, 99999)}`;
        case 'days':
          return String(this.int(2, 14));
        default:
          throw new Error(`unknown slot ${slot}`);
      }
    });
  }
  paragraph(min = 3, max = 6): string {
    return Array.from({ length: this.int(min, max) }, () => this.sentence()).join(' ');
  }
}

function lessonText(
  rng: Random,
  lesson: { title: string; module: string; order: number; topic: string; skills: string[] },
  previous: { id: string; title: string } | undefined,
): string {
  const front = yaml({
    title: lesson.title,
    module: lesson.module,
    order: lesson.order,
    summary: `Handle ${lesson.topic} calmly and clearly. ${rng.sentence()}`,
    minutes: rng.int(5, 30),
    skills: lesson.skills,
  });
  const parts: string[] = [rng.paragraph(3, 5)];
  if (previous) parts.push(`This lesson builds on [${previous.title}](/lessons/${previous.id}/). ${rng.sentence()}`);
  const headings = rng.sample(HEADINGS, rng.int(3, 5));
  for (const heading of headings) {
    parts.push(`## ${heading}`, rng.paragraph());
    if (rng.chance(0.5)) parts.push(rng.paragraph(2, 4));
    if (rng.chance(0.4)) {
      parts.push(`### ${capitalise(rng.pick(TOPICS))}`, rng.paragraph(2, 4));
    }
    if (rng.chance(0.5)) {
      parts.push(
        rng
          .sample(ADVICE, rng.int(3, 5))
          .map((a) => `- ${capitalise(a)}.`)
          .join('\n'),
      );
    }
    switch (rng.int(0, 5)) {
      case 0:
        parts.push(dialogue(rng, lesson.topic));
        break;
      case 1:
        parts.push(
          `<Checklist title="Before you close ${lesson.topic}">`,
          rng
            .sample(CHECKS, rng.int(3, 5))
            .map((c) => `- ${c}.`)
            .join('\n'),
          '</Checklist>',
        );
        break;
      case 2:
        parts.push(
          `<Example title="Worked example: ${rng.pick(PRODUCT_ADJECTIVES)} ${rng.pick(PRODUCTS)}">`,
          rng.paragraph(3, 5),
          '</Example>',
        );
        break;
      case 3:
        parts.push(
          `<Aside type="${rng.pick(['tip', 'note', 'caution'])}" title="${capitalise(rng.pick(ADVICE))}">`,
          rng.paragraph(1, 3),
          '</Aside>',
        );
        break;
      default:
        break;
    }
  }
  parts.push('## Practise it', `${rng.paragraph(2, 3)} Write down what you would say and share it with your trainer.`);
  return `---\n${front}---\n\n${parts.join('\n\n')}\n`;
}

function dialogue(rng: Random, topic: string): string {
  const lines: string[] = [];
  for (let turn = 0; turn < rng.int(2, 3); turn++) {
    lines.push(`**Customer:** ${rng.pick(CUSTOMER_LINES)}`, `**Agent:** ${rng.pick(AGENT_LINES)} ${rng.sentence()}`);
  }
  return [`<Dialogue title="A call about ${topic}">`, ...lines, '</Dialogue>'].join('\n\n');
}

const QUESTION_TYPES = ['scenario', 'single', 'multiple', 'truefalse', 'ordering', 'text'] as const;

function quizData(rng: Random, topic: string, index: number) {
  const count = rng.int(3, 7);
  // Every quiz starts with a scenario (the heart of the course), then cycles through the other
  // types from a different place each time, so a course of any size uses all of them.
  const questions = Array.from({ length: count }, (_, j) => {
    const type = j === 0 ? 'scenario' : at(QUESTION_TYPES, (index + j) % QUESTION_TYPES.length);
    return question(rng, type, `q${j + 1}-${type}`, topic);
  });
  return {
    ...(index % 7 === 3 ? { passMark: 70 } : {}),
    ...(index % 11 === 5 ? { shuffle: false } : {}),
    questions,
  };
}

function question(rng: Random, type: (typeof QUESTION_TYPES)[number], id: string, topic: string) {
  const explanation = `${capitalise(rng.pick(ADVICE))}: it ${rng.pick(BENEFITS)}.`;
  const letters = ['a', 'b', 'c', 'd'];
  switch (type) {
    case 'scenario': {
      const best = { text: rng.pick(AGENT_LINES), feedback: `Best: it ${rng.pick(BENEFITS)}.` };
      const weaker = rng
        .sample(WEAK_REPLIES, rng.int(2, 3))
        .map((text) => ({ text, feedback: `Weaker: it risks ${rng.pick(MISTAKES)}.` }));
      const shuffled = rng.shuffle([best, ...weaker]).map((o, k) => ({ id: at(letters, k), ...o }));
      const answer = at(
        letters,
        shuffled.findIndex((o) => o.text === best.text),
      );
      return {
        id,
        type,
        situation: `Customer (${rng.pick(['phone', 'chat', 'email'])}): ${rng.pick(CUSTOMER_LINES)}`,
        prompt: 'Which reply is best?',
        options: shuffled,
        answer,
        explanation,
      };
    }
    case 'single': {
      const right = rng.pick(ADVICE);
      const options = rng.shuffle([right, ...rng.sample(MISTAKES, rng.int(2, 3))]);
      return {
        id,
        type,
        prompt: `What is the best first move with ${topic}?`,
        options: options.map((text, k) => ({ id: at(letters, k), text: capitalise(text) })),
        answer: at(letters, options.indexOf(right)),
        explanation,
      };
    }
    case 'multiple': {
      const good = rng.sample(ADVICE, rng.int(1, 2));
      const options = rng.shuffle([...good, ...rng.sample(MISTAKES, 2)]);
      return {
        id,
        type,
        prompt: `Which of these help with ${topic}? Choose all that apply.`,
        options: options.map((text, k) => ({ id: at(letters, k), text: capitalise(text) })),
        answer: options.flatMap((text, k) => (good.includes(text) ? [at(letters, k)] : [])),
        explanation,
      };
    }
    case 'truefalse': {
      const answer = rng.chance(0.5);
      const statement = answer
        ? `With ${topic}, it is good practice to ${rng.pick(ADVICE)}.`
        : `With ${topic}, ${rng.pick(MISTAKES)} is good practice.`;
      return { id, type, prompt: `${statement} True or false?`, answer, explanation };
    }
    case 'ordering': {
      const steps = rng.pick(STEP_SEQUENCES).slice(0, rng.int(3, 5));
      const options = steps.map((text, k) => ({ id: `step-${k + 1}`, text }));
      return {
        id,
        type,
        prompt: `Put these steps for ${topic} in order.`,
        options: rng.shuffle(options),
        answer: options.map((o) => o.id),
        explanation,
      };
    }
    case 'text': {
      const [term, ...accepted] = rng.pick(TERMS);
      return {
        id,
        type,
        prompt: `${term} What is it called?`,
        answer: accepted,
        explanation,
      };
    }
  }
}

async function publicKey(rng: Random) {
  const point = p256.getPublicKey(secretKey(rng), false); // 0x04 ‖ x ‖ y
  const jwk = {
    kty: 'EC' as const,
    crv: 'P-256' as const,
    x: base64url(point.slice(1, 33)),
    y: base64url(point.slice(33, 65)),
  };
  return { kid: await thumbprint(jwk), jwk };
}

function secretKey(rng: Random): Uint8Array {
  for (;;) {
    const candidate = rng.bytes(32);
    if (p256.utils.isValidSecretKey(candidate)) return candidate;
  }
}

/** Kebab-case ids from titles, numbered when a title comes round again. */
function uniqueIds(): (title: string) => string {
  const seen = new Map<string, number>();
  return (title) => {
    const base = title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  };
}

function yaml(data: unknown): string {
  return dump(data, { lineWidth: -1 });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// The vocabulary. Plain advice about service work, written for this generator.

const AREAS = [
  'Opening the call',
  'Billing questions',
  'Deliveries',
  'Returns and repairs',
  'Account access',
  'Bookings',
  'Written replies',
  'Hard conversations',
  'Product advice',
  'Follow-up',
  'Working with the team',
  'Looking after yourself',
];
const ASPECTS = [
  'first steps',
  'common questions',
  'when things go wrong',
  'getting the details right',
  'keeping promises',
  'tricky cases',
  'the follow-up',
  'practice',
];
const GERUNDS = [
  'handling',
  'explaining',
  'following up on',
  'untangling',
  'answering questions about',
  'owning',
  'preventing',
  'escalating',
  'writing up',
  'apologising for',
];
const CHANNELS = ['by phone', 'in chat', 'by email', 'on a first call', 'on a repeat call', 'for a new customer'];
const TOPICS = [
  'a late parcel',
  'a double charge',
  'a missed engineer visit',
  'a cracked kettle',
  'a forgotten password',
  'a cancelled booking',
  'a slow router',
  'a confusing invoice',
  'a refund that has not arrived',
  'a wrong size',
  'a missing part',
  'a loyalty points query',
  'a price match request',
  'a damaged sofa',
  'an address change',
  'a subscription renewal',
  'a gift that arrived open',
  'a warranty question',
  'a noisy washing machine',
  'a voucher that will not apply',
];
const SKILL_VERBS = ['resolving', 'taking ownership of', 'explaining', 'documenting', 'calming', 'closing'];
const WHO = [
  'A caller',
  'The customer',
  'A regular shopper',
  'Someone new to Brightwater',
  'A customer who has been on hold',
  'A small business owner',
  'A parent ordering a school uniform',
  'A customer writing late at night',
];
const ADVICE = [
  'say back what you heard before you suggest anything',
  'write down the order number as soon as you hear it',
  'give a time range you can keep',
  'tell the customer what happens next, and when',
  'check the account before you promise a refund',
  'use the customer’s own words for the problem',
  'ask one open question before any closed ones',
  'name the delay plainly and own it',
  'spell out reference numbers in small groups',
  'offer the choice that suits them, not the one that suits the queue',
  'pause after bad news and let it land',
  'confirm the email address letter by letter',
  'note what you promised in the case history',
  'end by checking that nothing else is open',
];
const MISTAKES = [
  'reading the policy out word for word',
  'promising a date nobody has confirmed',
  'transferring the call without a handover',
  'guessing at the problem before the customer finishes',
  'blaming the warehouse',
  'saying “calm down”',
  'closing the case before the refund lands',
  'answering a question the customer did not ask',
  'using internal codes the customer cannot follow',
  'leaving a long silence while you search',
];
const BENEFITS = [
  'shows the customer they were heard',
  'saves a second call tomorrow',
  'keeps the conversation moving',
  'turns a complaint into a plan',
  'gives the customer something to hold you to',
  'makes the next agent’s job easier',
  'stops small mistakes from becoming big ones',
  'builds trust that lasts beyond this call',
];
const SENTENCES = [
  '$who calling about $topic usually wants two things: to be understood, then to have it sorted.',
  'Before you open a new screen, $advice.',
  'It sounds small, but when you $advice, it $benefit.',
  'The most common slip here is $mistake.',
  'If the customer mentions $topic, $advice.',
  '$who once rang three times about $topic because nobody would $advice.',
  'On the order screen, note reference $ref before anything else.',
  'Most refunds show up within $days working days; say so, and say why.',
  'When $name from the evening team handles $topic, the first question is what would make the day better.',
  'Avoid $mistake: it rarely helps and often starts an argument.',
  'A good habit is to $advice; it $benefit.',
  'Customers forgive a delay far more easily than a surprise.',
  'The $product in order $ref is a typical case: the fix is simple once the facts are clear.',
  'Write the next step in the case notes while the customer is still on the line.',
  'If you do not know yet, say what you will find out and when you will call back.',
  'Trainers often ask new starters to $advice, because it $benefit.',
  'Silence of a few seconds feels long to you and short to the customer.',
  'Keep your sentences short when the customer is upset; long ones sound like excuses.',
  '$who might not say it, but the real worry behind $topic is often time or money.',
  'Check that the $product is covered before you mention a repair.',
];
const HEADINGS = [
  'Start with the facts',
  'Check before you promise',
  'What the customer is really asking',
  'Choosing the right fix',
  'Saying it plainly',
  'When the system says no',
  'Keeping the customer informed',
  'Closing the conversation well',
  'Notes the next agent can use',
  'Common slips and how to avoid them',
  'Timing and expectations',
  'Handing over without dropping anything',
];
const CHECKS = [
  'Repeats the problem in the customer’s words',
  'Reads back the reference number',
  'Gives a time range and says where it comes from',
  'Confirms the contact details before ending',
  'Records the promise in the case history',
  'Offers at least one choice',
  'Avoids internal codes and jargon',
  'Checks nothing else is open before closing',
  'Explains the next step in one sentence',
  'Keeps a calm pace when the customer is upset',
];
const CUSTOMER_LINES = [
  'I have been waiting all week and nobody has told me anything.',
  'You charged me twice and I need that money back today.',
  'The engineer never turned up and I took the day off work.',
  'I just want to know where my parcel is.',
  'This is the third time I am explaining this.',
  'Your website says one thing and the email says another.',
  'I changed my address last month, did anyone update it?',
  'Can you just cancel the whole order?',
];
const AGENT_LINES = [
  'So you waited in all day and nobody came. I am sorry, that is a wasted day. Let me check what happened.',
  'You were charged twice for one order; I can see both payments here. I will start the refund for the second one now.',
  'I can see you have had to explain this before. I have the history open, so you will not need to repeat it.',
  'Let me read back the address we have, so we are sure the next parcel goes to the right place.',
  'Here is what I can do today, and here is when you will hear from us next.',
];
const WEAK_REPLIES = [
  'Please calm down so I can help you.',
  'That is our policy, I am afraid.',
  'I will transfer you to another team.',
  'It should be fine, these things usually sort themselves out.',
  'You would need to check the tracking page for that.',
];
const STEP_SEQUENCES = [
  [
    'Greet and give your name',
    'Let the customer explain',
    'Say back what you heard',
    'Check the account',
    'Agree the next step',
  ],
  [
    'Find the order',
    'Confirm the customer’s details',
    'Check what the policy allows',
    'Offer the options',
    'Read back and confirm',
  ],
  [
    'Acknowledge the delay',
    'Explain what caused it',
    'Give a new time range',
    'Note the promise',
    'Call back when it is done',
  ],
];
const TERMS = [
  ['The number you give a customer so they can quote their case later.', 'reference', 'reference number'],
  ['Saying the customer’s details back to them to check them.', 'read back', 'read-back', 'reading back'],
  ['Passing a case to a more senior colleague.', 'escalation', 'escalating'],
  ['The written record of what happened on a case.', 'case notes', 'notes', 'case history'],
];
const FIRST_NAMES = [
  'Ada',
  'Bram',
  'Chioma',
  'Dev',
  'Elin',
  'Farid',
  'Greta',
  'Hugo',
  'Ines',
  'Jonah',
  'Keiko',
  'Luca',
];
const LAST_NAMES = ['Abara', 'Berg', 'Castell', 'Doyle', 'Eze', 'Fontaine', 'Grau', 'Holm', 'Ito', 'Jansen'];
const PRODUCT_ADJECTIVES = ['oak', 'steel', 'linen', 'compact', 'cordless', 'blue', 'folding', 'ceramic'];
const PRODUCTS = ['desk lamp', 'kettle', 'bookcase', 'router', 'armchair', 'vacuum cleaner', 'duvet', 'bike rack'];

/** `list[i]`, for an index the caller knows is in range (a modulo, a position found in the list). */
function at<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new RangeError(`no item ${i} in a list of ${list.length}`);
  return item;
}
