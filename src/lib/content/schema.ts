/**
 * The shapes of everything an owner writes in `src/content`.
 *
 * Every field carries a JSDoc comment with its meaning and default, because this file is what
 * an owner reads when the build rejects their content. Cross-file rules (a lesson naming an
 * unknown module, duplicate order numbers…) live in `validate.ts`: zod sees one file at a time.
 */
import { DEFAULT_ACK_STATEMENT } from '../course/ack-rules';
import { z } from 'astro/zod';
import { DEFAULT_SIGN_OFF } from './sign-off';

/** Lower-case words joined by hyphens: ids appear in URLs and in signed entries. */
const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and single hyphens (kebab-case)');

/** Front matter of a lesson: `src/content/lessons/<lesson-id>.mdx`. */
export const lessonSchema = z.object({
  /** Title shown as the page heading, in the course map and in search results. */
  title: z.string().min(1),
  /** Id of the module this lesson belongs to: a file name in `src/content/modules/` without `.yaml`. */
  module: id,
  /** Position within its module (1, 2, 3…); unique within the module. */
  order: z.number().int().positive(),
  /** One or two sentences on what the trainee will be able to do afterwards. */
  summary: z.string().min(1),
  /** Estimated minutes to read the lesson and do its exercise; shown in the course map. */
  minutes: z.number().int().positive().max(240),
  /** Ids of the skills this lesson feeds (files in `src/content/skills/`). Default: none. */
  skills: z.array(id).default([]),
  /** Leave the lesson out of the built site while it is being written. Default: false. */
  draft: z.boolean().default(false),
});

/** A module: `src/content/modules/<module-id>.yaml`. */
export const moduleSchema = z.object({
  /** Position in the course (1, 2, 3…); unique across modules. */
  order: z.number().int().positive(),
  /** Title shown on the home page and the module page. */
  title: z.string().min(1),
  /** One or two sentences on what the module covers. */
  summary: z.string().min(1),
});

/**
 * When the trainer may sign a step off. Shown on the skill page and, through the course
 * manifest, on the trainer's sign-off page (`describeSignOff` in ./sign-off.ts says it in words).
 */
const signOffSchema = z.object({
  /** How many contacts the trainer must have observed at this step, at least (1 to 20). Default: 3. */
  contacts: z.number().int().min(1).max(20).default(DEFAULT_SIGN_OFF.contacts),
  /** Every check must be met before signing (true), or all but one, with the missing one named in the notes (false). Default: true. */
  everyCheck: z.boolean().default(DEFAULT_SIGN_OFF.everyCheck),
  /**
   * What covers a check that never came up in those contacts: "role-play" (the trainer sets one
   * up), "explain" (the trainee says what they would do) or "wait" (keep observing). Default: role-play.
   */
  ifNotSeen: z.enum(['role-play', 'explain', 'wait']).default(DEFAULT_SIGN_OFF.ifNotSeen),
  /** Anything else the trainer should know before signing this step. Default: none. */
  note: z.string().min(1).optional(),
});

/** What the trainer demonstrates or watches for at one of the four certification steps. */
const stepSchema = z.object({
  /** One sentence on what happens at this step for this skill. */
  focus: z.string().min(1),
  /** Observable things the trainer checks before signing the step off (at least one). */
  checks: z.array(z.string().min(1)).min(1),
  /**
   * When the step may be signed off. Default (when left out): at least 3 observed contacts, every
   * check met, and a short role-play for any check that never came up.
   */
  signOff: signOffSchema.optional(),
});

export { STEPS, type Step } from './steps';

/** A certifiable skill: `src/content/skills/<skill-id>.yaml`. */
export const skillSchema = z.object({
  /** Name of the skill as trainees and trainers see it. */
  title: z.string().min(1),
  /** What a certified agent can do with this skill at work. */
  description: z.string().min(1),
  /** Whether the course certification needs this skill. Default: true. */
  required: z.boolean().default(true),
  /** Ids of the lessons behind the skill; their quizzes must be passed to certify it. */
  lessons: z.array(id).min(1),
  /** What the trainer checks at each step: show, copilot (co-pilot), solo, teachback (teach-back). */
  steps: z.object({
    /** Show: the trainer demonstrates; the trainee says what they noticed and why. */
    show: stepSchema,
    /** Co-pilot: the trainer leads the conversation while the trainee operates the system. */
    copilot: stepSchema,
    /** Solo: the trainee leads the conversation and works the system. */
    solo: stepSchema,
    /** Teach-back: the trainee teaches the skill to another person. */
    teachback: stepSchema,
  }),
});

/** A public key in JWK form: only the public members of an EC P-256 key are allowed. */
const publicJwkSchema = z.strictObject({
  /** Key type: always "EC". */
  kty: z.literal('EC'),
  /** Curve: always "P-256" (signatures are JWS ES256). */
  crv: z.literal('P-256'),
  /** Public x coordinate, base64url. */
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected 43 base64url characters'),
  /** Public y coordinate, base64url. */
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected 43 base64url characters'),
});

/** One signing key of a trainer. */
const trainerKeySchema = z.object({
  /** RFC 7638 SHA-256 thumbprint of `jwk`, base64url; the trainer page shows it. */
  kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected an RFC 7638 thumbprint (43 base64url characters)'),
  /** The public key, exactly as the trainer page shows it. Never put a private key ("d") here. */
  jwk: publicJwkSchema,
  /** First day sign-offs made with this key count (ISO date, e.g. 2026-01-31). */
  validFrom: z.coerce.date(),
  /** Last moment sign-offs made with this key count. Default: no end. */
  validUntil: z.coerce.date().optional(),
  /** "active", or "revoked" (then `revokedAt` and `revokedReason` are required). Default: active. */
  status: z.enum(['active', 'revoked']).default('active'),
  /** When the key was revoked; sign-offs made after this are refused. */
  revokedAt: z.coerce.date().optional(),
  /** Why the key was revoked (shown to whoever verifies). */
  revokedReason: z.string().optional(),
});

/** When a qualification holds: from the first moment to the last; either may be left open. */
const qualificationPeriodSchema = z.strictObject({
  /** First day the qualification counts (ISO date). Default: from the start. */
  from: z.coerce.date().optional(),
  /** Last moment the qualification counts (ISO date or date-time). Default: no end. */
  until: z.coerce.date().optional(),
});

/** A trainer on the roster: `src/content/trainers/<trainer-id>.yaml`. */
export const trainerSchema = z.object({
  /** Full name as it appears on sign-offs and certificates. */
  name: z.string().min(1),
  /** Marks the published demo trainer: everything it signs says "demo". Default: false. */
  demo: z.boolean().default(false),
  /** The trainer's public keys, newest last (a trainer who changes device adds a key). */
  keys: z.array(trainerKeySchema).min(1),
  /**
   * The skills this trainer may sign off: skill ids (files in `src/content/skills/`), each either
   * for good (`- active-listening`) or for a period (`- {skill: de-escalation-boundaries, from:
   * 2026-03-01, until: 2026-12-31}`). A sign-off of another skill, or outside its period, is
   * invalid (judged at its signing time), and the sign-off page does not offer it.
   * Default (left out): every skill.
   */
  skills: z.array(z.union([id, qualificationPeriodSchema.extend({ skill: id })])).optional(),
  /**
   * Whether this trainer may sign certifications (of a skill they may sign off, or of the course):
   * true, false, or a period (`{from: 2026-06-01}`). Default: true.
   */
  certify: z.union([z.boolean(), qualificationPeriodSchema]).optional(),
});

/** The course settings: `src/content/course/settings.yaml` (exactly one file). */
export const courseSchema = z.object({
  /** Stable id of the course; it is written into every signed entry, so do not rename it. */
  id,
  /** Course title, shown in the header and on certificates. */
  title: z.string().min(1),
  /** Who runs the course, shown in the footer and on certificates. */
  organisation: z.string().min(1),
  /** One or two sentences for the home page. */
  description: z.string().min(1),
  /** Percentage of points needed to pass a quiz, unless a quiz sets its own. Default: 80. */
  passMark: z.number().int().min(1).max(100).default(80),
  /**
   * When a quiz shows the right answer to a wrong one: "after-pass" (the feedback on the answer
   * chosen says why it is wrong; right answers and explanations show once the quiz is passed) or
   * "at-once" (with every check). A quiz file may set its own. Default: after-pass.
   */
  revealAnswers: z.enum(['after-pass', 'at-once']).default('after-pass'),
  /** Months a certification stays valid before recertification is due; 0 means never. Default: 12. */
  certificationExpiryMonths: z.number().int().min(0).max(120).default(12),
  /**
   * Let a production build (`npm run build`) publish an active demo trainer (a trainer file
   * with `demo: true` whose key is active). The demo trainer's private key and passphrase are
   * public, so anyone can sign as them: set this only for a public demo of the course, never
   * for real training. Without it the build stops while a demo trainer is active (`astro dev`
   * only warns). Default: false.
   */
  allowDemoTrainer: z.boolean().optional(),
  /**
   * What the build does when a reader who only follows answer patterns would pass a quiz (see
   * the owner's guide, Quiz quality): "error" stops the build, "warning" only reports it, for
   * generated or test courses. Default: error.
   */
  quizQuality: z.enum(['error', 'warning']).optional(),
  /**
   * Where the built course is served, e.g. `https://learn.example.com/training/` (or the origin
   * alone; the build adds its base path). Badge issuer ids, xAPI ids and certificate links are
   * made from it, never from the address a page happens to be opened at. SITE_URL at build time
   * overrides it. Without it the build works and says which ids will not be stable.
   */
  siteUrl: z.string().optional(),
  /**
   * The xAPI endpoint of the learning record store trainers share records through, e.g.
   * `https://lrs.example.com/data/xAPI/` (https, or http on this computer). The build adds its
   * origin to the Content-Security-Policy's `connect-src`; each trainer enters their own key and
   * secret on their device. LRS_ENDPOINT at build time overrides it. Without it, no LRS: records
   * travel as files and links only.
   */
  lrsEndpoint: z.string().optional(),
  /**
   * The trainee's acknowledgement of each sign-off made for their key: `statement` is what they
   * sign, word for word (default: "The training was given, my questions were answered, and I had
   * practice."); `required: true` makes a signed-off step count toward certification only once
   * the trainee has acknowledged it (default: false, so records made without acknowledgements
   * keep their verdicts; single-signed entries, made for no trainee key, are never held to it);
   * `earlierStatements` keeps acknowledgements of a statement the owner has since reworded valid.
   */
  acknowledgement: z
    .object({
      statement: z.string().trim().min(1).max(500).default(DEFAULT_ACK_STATEMENT),
      required: z.boolean().default(false),
      earlierStatements: z.array(z.string().min(1).max(500)).default([]),
    })
    .strict()
    .default({ statement: DEFAULT_ACK_STATEMENT, required: false, earlierStatements: [] }),
});

export type LessonData = z.infer<typeof lessonSchema>;
export type ModuleData = z.infer<typeof moduleSchema>;
export type SkillData = z.infer<typeof skillSchema>;
export type TrainerData = z.infer<typeof trainerSchema>;
export type CourseData = z.infer<typeof courseSchema>;
