/**
 * Open Badges 3.0: an OpenBadgeCredential for a trainee who holds a valid
 * course certification, following the 1EdTech data model (OB 3.0 Appendix B.1), signed as a
 * VC-JWT with the trainer's ES256 key.
 *
 * Proof format. OB 3.0 §8.2 "JSON Web Token Proof Format", as revised for VC Data Model 2.0:
 * "The JWT Payload is the JSON object of the OpenBadgeCredential with the following properties
 * (JWT Claims)": `iss` = issuer.id, `jti` = id, `sub` = credentialSubject.id, `nbf` = validFrom,
 * `exp` = validUntil when there is one. The credential is the payload itself; the `vc` claim
 * belongs to VC Data Model 1.1 credentials (the spec notes verifiers may still meet those, so
 * `verifyBadgeJwt` refuses them by name). JOSE header per §8.2.3: `alg`, `kid` (a URI), `typ`
 * "JWT", and nothing else. We add the registered claim `iat` (when the badge was signed), which
 * §8.2.4 allows, so the trainer's key can be checked at signing time against the roster.
 *
 * The key id is a URI that resolves to the key (OB 3.0 §8.2.3: "a URI that can be dereferenced to
 * an object of type JWK"), published by the build (src/lib/course/published-keys.ts). With a
 * canonical site address the issuer is the site's did:web DID and the `kid` a DID URL naming one
 * of its verification methods (`did:web:host#<thumbprint>`), as DID-resolving wallets expect the
 * signing key to belong to the issuer. Without one the issuer is the site's address and the `kid`
 * the JWK Set's address with the key's thumbprint as fragment. Badges made before the keys were
 * published carry the RFC 9278 thumbprint URN; Tandem still reads them. Whatever the URI, a
 * Tandem verifier takes the thumbprint from it and looks the key up in its own roster only.
 *
 * OB 3.0 names ES256 as permitted but "limits interoperability" (RS256 is the minimum); trainer
 * keys are P-256, so ES256 it is. 1EdTech's conformance suite may expect RS256 or EdDSA.
 *
 * Over 400 lines on purpose: making, signing and verifying a badge follow one reading of
 * OB 3.0 §8.2, so the claims Tandem writes and the claims it checks are read side by side.
 */
import { CompactSign, compactVerify } from 'jose';
import { STEPS, STEP_INFO } from '../content/steps';
import { COMPACT_JWS, decodeBase64urlJson, isRecord, unknownKeys, utf8 } from '../trust/encoding';
import type { Signer } from '../trust/entry';
import { fail, ok, type Result } from '../result';
import { findKey, keyStatusAt, type Roster } from '../trust/roster';
import { JWKS_PATH, didKeyId, didWeb, jwksKeyId } from '../course/published-keys';
import type { CourseManifest } from '../course/manifest';
import { mayCertify, type QualificationReason } from '../trust/qualification';
import { addMonths } from '../trust/certification/payload';
import type { CertificationPayload, TraineeRecord } from './types';
import { URL_NAMESPACE, siteRoot, uuidV5 } from './ids';

export const OB_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;
export const OB_CREDENTIAL_TYPE = ['VerifiableCredential', 'OpenBadgeCredential'] as const;
/** Prefix of the key id in a badge's header (RFC 9278). */
export const THUMBPRINT_URI_PREFIX = 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:';
/** What marks a credential made from a demo certification (published demo trainer key). */
export const DEMO_MARK = 'DEMO';
/** How such a credential's name starts. */
export const DEMO_NAME_PREFIX = `${DEMO_MARK} – `;
/** Longest badge `verifyBadgeJwt` reads (characters). */
export const MAX_BADGE_LENGTH = 64 * 1024;

/** OB 3.0 B.1.14 Profile (the members used here). */
export interface Profile {
  id: string;
  type: ['Profile'];
  name?: string;
  url?: string;
  email?: string;
  description?: string;
}

/** OB 3.0 B.1.12 IdentityObject. */
export interface IdentityObject {
  type: 'IdentityObject';
  hashed: boolean;
  identityHash: string;
  identityType: string;
  salt?: string;
}

/** OB 3.0 B.1.1 Achievement (the members used here). */
export interface Achievement {
  id: string;
  type: ['Achievement'];
  achievementType?: 'Certification' | 'Certificate';
  name: string;
  description: string;
  criteria: { id?: string; narrative?: string };
}

/** OB 3.0 B.1.9 Evidence. */
export interface Evidence {
  type: ['Evidence'];
  name?: string;
  description?: string;
  narrative?: string;
}

/** OB 3.0 B.1.2 AchievementCredential, a.k.a. OpenBadgeCredential (the members used here). */
export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  description: string;
  issuer: Profile;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: ['AchievementSubject'];
    identifier: IdentityObject[];
    achievement: Achievement;
  };
  evidence: Evidence[];
}

export interface BadgeOptions {
  /** Public URL of the site: the achievement's and the default issuer's ids are made from it. */
  siteUrl: string;
  /**
   * The site's did:web DID (`didWeb(manifest.site)`), when the site has a canonical address: it
   * becomes the issuer's id, and the badge's `kid` a key of its DID document.
   */
  issuerDid?: string;
  /** The issuing organisation's profile; default: the site as id and url, the course's organisation as name. */
  issuer?: { id?: string; name?: string; url?: string; email?: string; description?: string };
  /** The moment that decides whether the certification has expired; default: now. */
  now?: Date;
}

export type BadgeRefusal = 'not-certified' | 'expired';

/**
 * The OpenBadgeCredential for the record's newest unexpired course certification, unsigned.
 * Refused when the record holds no course certification, or only expired ones.
 */
export function courseBadgeCredential(
  record: TraineeRecord,
  options: BadgeOptions,
): Result<OpenBadgeCredential, BadgeRefusal> {
  const site = siteRoot(options.siteUrl);
  const now = (options.now ?? new Date()).getTime();
  const courseCerts = record.certifications.filter((c) => c.payload.scope === 'course');
  if (courseCerts.length === 0) {
    return fail(
      'not-certified',
      `${record.trainee.name} has no course certification yet, so there is no badge to make.`,
    );
  }
  const current = courseCerts
    .filter((c) => !c.expired && (c.payload.expiresAt === undefined || Date.parse(c.payload.expiresAt) > now))
    .sort((a, b) => Date.parse(b.payload.certifiedAt) - Date.parse(a.payload.certifiedAt))[0];
  if (!current) {
    return fail(
      'expired',
      `${record.trainee.name}’s course certification has expired; a badge is made only for a current one.`,
    );
  }
  const cert = current.payload;
  const demo = current.demo;
  const { course, trainee } = record;
  const required = record.skills.filter((s) => s.required);
  const issuer: Profile = {
    id: options.issuer?.id ?? options.issuerDid ?? site,
    type: ['Profile'],
    name: options.issuer?.name ?? course.organisation,
    url: options.issuer?.url ?? site,
    ...(options.issuer?.email !== undefined && { email: options.issuer.email }),
    ...(options.issuer?.description !== undefined && { description: options.issuer.description }),
  };
  const demoNote = ` ${DEMO_MARK}: signed with the published demo trainer key, which anyone can use; this is not a real certification.`;
  const description =
    `${trainee.name} is certified in every required skill of “${course.title}” (${course.organisation}), ` +
    `certified by ${cert.trainer.name} on ${cert.certifiedAt.slice(0, 10)}.` +
    (demo ? demoNote : '');

  return ok({
    '@context': [...OB_CONTEXT],
    id: `urn:uuid:${uuidV5(URL_NAMESPACE, `${site}badges/${cert.id}`)}`,
    type: [...OB_CREDENTIAL_TYPE],
    name: demo ? `${DEMO_NAME_PREFIX}${course.title}` : course.title,
    description,
    issuer,
    validFrom: cert.certifiedAt,
    ...(cert.expiresAt !== undefined && { validUntil: cert.expiresAt }),
    credentialSubject: {
      // A URI is needed for `sub` (§8.2.4); a name-based UUID keeps the trainee's id out of URLs
      // and gives the same subject on every badge from this site.
      id: `urn:uuid:${uuidV5(URL_NAMESPACE, `${site}trainees/${encodeURIComponent(trainee.id)}`)}`,
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', hashed: false, identityHash: trainee.id, identityType: 'identifier' },
        { type: 'IdentityObject', hashed: false, identityHash: trainee.name, identityType: 'name' },
      ],
      achievement: {
        id: `${site}#course-certification`,
        type: ['Achievement'],
        // "Certification" is time-limited and renewable (OB 3.0 B.1.28); without an expiry it is a certificate.
        achievementType: cert.expiresAt !== undefined ? 'Certification' : 'Certificate',
        name: course.title,
        description:
          `Certified in every required skill of “${course.title}”: each one shown by a trainer, ` +
          `done as co-pilot, done solo and taught back, signed off step by step.`,
        criteria: { id: `${site}skills/`, narrative: criteriaNarrative(course.title, required) },
      },
    },
    evidence: skillEvidence(record, cert),
  });
}

function criteriaNarrative(title: string, required: readonly { title: string }[]): string {
  const steps = STEPS.map((step, i) => `${i + 1}. **${STEP_INFO[step].label}.** ${STEP_INFO[step].who}`);
  return [
    `Every required skill of “${title}” certified. A skill is learned in four steps, in order, and a trainer who ` +
      'watched each one signs it off:',
    '',
    ...steps,
    '',
    'A skill is certified once its four steps are signed off and the quizzes of its lessons are passed.',
    '',
    'Required skills:',
    '',
    ...required.map((s) => `- ${s.title}`),
  ].join('\n');
}

/** One Evidence per skill certification the course certification rests on. */
function skillEvidence(record: TraineeRecord, cert: CertificationPayload): Evidence[] {
  const rests = new Set(cert.rests.entries.map((e) => e.id));
  const titles = new Map(record.skills.map((s) => [s.id, s.title]));
  const labels = STEPS.map((s) => STEP_INFO[s].label).join(', ');
  return record.certifications
    .filter((c) => c.payload.scope === 'skill' && rests.has(c.payload.id))
    .map(({ payload: c, demo }): Evidence => ({
      type: ['Evidence'],
      name: titles.get(c.skill ?? '') ?? c.skill ?? 'Skill',
      description:
        `${labels} signed off; skill certified on ${c.certifiedAt.slice(0, 10)} by ${c.trainer.name}.` +
        (demo ? ` ${DEMO_MARK}: signed with the published demo trainer key.` : ''),
    }));
}

export interface SignBadgeOptions {
  /** Signing time, for `iat`; default: now. Set only in tests. */
  now?: Date;
}

/** The credential as a VC-JWT (compact JWS, ES256) signed with the trainer's key. */
export async function signBadgeJwt(
  credential: OpenBadgeCredential,
  signer: Signer,
  options: SignBadgeOptions = {},
): Promise<string> {
  const claims = {
    ...credential,
    iss: credential.issuer.id,
    jti: credential.id,
    sub: credential.credentialSubject.id,
    nbf: numericDate(credential.validFrom),
    ...(credential.validUntil !== undefined && { exp: numericDate(credential.validUntil) }),
    iat: Math.floor((options.now ?? new Date()).getTime() / 1000),
  };
  return new CompactSign(utf8.encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'ES256', kid: badgeKeyId(credential.issuer, signer.kid), typ: 'JWT' })
    .sign(signer.privateKey);
}

/**
 * The `kid` of a badge by this issuer signed with the roster key `thumbprint`: a key of the
 * issuer's DID document when the issuer is a did:web DID, else the key in the site's JWK Set.
 */
export function badgeKeyId(issuer: Pick<Profile, 'id' | 'url'>, thumbprint: string): string {
  if (issuer.id.startsWith('did:web:')) return `${issuer.id}#${thumbprint}`;
  return `${new URL(JWKS_PATH, siteRoot(issuer.url ?? issuer.id)).href}#${thumbprint}`;
}

/** The roster thumbprint a badge's `kid` names, in any of the forms Tandem has written, or undefined. */
export function kidThumbprint(kid: string): string | undefined {
  const thumbprint = kid.startsWith(THUMBPRINT_URI_PREFIX)
    ? kid.slice(THUMBPRINT_URI_PREFIX.length)
    : /^(did:web:[^#\s]+|https?:\/\/[^#\s]+)#([^#]+)$/.exec(kid)?.[2];
  return thumbprint !== undefined && /^[A-Za-z0-9_-]{43}$/.test(thumbprint) ? thumbprint : undefined;
}

export type BadgeVerifyReason =
  | 'too-large'
  | 'malformed'
  | 'alg-not-allowed'
  | 'unknown-key'
  | 'no-webcrypto'
  | 'bad-signature'
  | 'key-not-valid'
  | 'bad-credential'
  | 'not-yet-valid'
  | 'expired';

export interface VerifiedBadge {
  credential: OpenBadgeCredential;
  /** The roster trainer whose key signed the badge. */
  signedBy: { id: string; name: string };
  /** Signed with the demo trainer's key, or made from a demo certification: show "demo". */
  demo: boolean;
  /** The header's key id, as written. */
  kid: string;
  /** When it was signed (`iat`), ISO date-time. */
  signedAt: string;
}

export interface VerifyBadgeOptions {
  /** The moment validity is judged at; default: now. */
  now?: Date;
}

const HEADER_KEYS = ['alg', 'kid', 'typ'];
/** Clock difference allowed between the signing device and this one. */
const SKEW_SECONDS = 300;

/**
 * Checks a badge made by `signBadgeJwt`: ES256 only (checked before anything else), a key on the
 * roster that was valid when the badge was signed, the signature, then OB 3.0 §8.2.5: `iss`,
 * `sub`, `jti`, `nbf` and `exp` match the credential, it is valid now and not expired. Never
 * throws. Needs WebCrypto (a secure context in browsers).
 */
export async function verifyBadgeJwt(
  jwt: unknown,
  roster: Roster,
  options: VerifyBadgeOptions = {},
): Promise<Result<VerifiedBadge, BadgeVerifyReason>> {
  const now = (options.now ?? new Date()).getTime() / 1000;
  if (typeof jwt !== 'string') return fail('malformed', 'The badge is not text.');
  const token = jwt.trim();
  if (token.length > MAX_BADGE_LENGTH) {
    return fail('too-large', `The badge is ${token.length} characters long; at most ${MAX_BADGE_LENGTH} are read.`);
  }
  if (!COMPACT_JWS.test(token)) {
    return fail('malformed', 'This is not a signed badge (three base64url parts separated by dots).');
  }
  const [headerPart, payloadPart] = token.split('.') as [string, string, string];
  const header = decodeBase64urlJson(headerPart);
  if (!isRecord(header)) return fail('malformed', 'The badge’s header is not a JSON object.');
  if (header['alg'] !== 'ES256') {
    return fail('alg-not-allowed', 'The badge is not signed with ES256, the only signature accepted.');
  }
  const extra = unknownKeys(header, HEADER_KEYS);
  if (extra.length > 0) return fail('malformed', `The badge’s header has an unexpected field "${extra[0]}".`);
  if (header['typ'] !== undefined && header['typ'] !== 'JWT') return fail('malformed', 'The badge’s typ is not JWT.');
  const kid = header['kid'];
  const thumbprint = typeof kid === 'string' ? kidThumbprint(kid) : undefined;
  if (typeof kid !== 'string' || thumbprint === undefined) {
    return fail('malformed', 'The badge’s header does not name a trainer key (kid).');
  }
  const found = findKey(roster, thumbprint);
  if (!found) return fail('unknown-key', 'The badge was signed with a key that is not on this course’s roster.');
  const { trainer, key } = found;

  if (!globalThis.crypto?.subtle) {
    return fail('no-webcrypto', 'This page cannot check signatures: open it over https (or on localhost).');
  }
  try {
    await compactVerify(token, { ...key.jwk }, { algorithms: ['ES256'] });
  } catch {
    return fail(
      'bad-signature',
      `The signature does not match the badge: it was changed after ${trainer.name} signed it, or signed with another key.`,
    );
  }

  const claims = decodeBase64urlJson(payloadPart);
  if (!isRecord(claims)) return fail('bad-credential', 'The badge’s content is not a JSON object.');
  const problem = credentialProblem(claims);
  if (problem) return fail('bad-credential', `The badge is not a valid Open Badge: ${problem}.`);
  const credential = claims as unknown as OpenBadgeCredential & Record<string, unknown>;

  const iat = claims['iat'];
  if (typeof iat !== 'number' || keyStatusAt(key, new Date(iat * 1000)) !== 'valid') {
    return fail('key-not-valid', `${trainer.name}’s key was not valid on the roster when the badge was signed.`);
  }
  if ((claims['nbf'] as number) > now + SKEW_SECONDS) {
    return fail('not-yet-valid', `The badge is valid only from ${credential.validFrom}.`);
  }
  if (typeof claims['exp'] === 'number' && claims['exp'] <= now) {
    return fail('expired', `The badge expired on ${credential.validUntil ?? 'its end date'}.`);
  }

  const { iss: _iss, jti: _jti, sub: _sub, nbf: _nbf, exp: _exp, iat: _iat, ...plain } = credential;
  return ok({
    credential: plain,
    signedBy: { id: trainer.id, name: trainer.name },
    demo: trainer.demo || credential.name.startsWith(DEMO_NAME_PREFIX),
    kid,
    signedAt: new Date(iat * 1000).toISOString(),
  });
}

/** The first thing wrong with the claims as an OpenBadgeCredential in a VC-JWT, or undefined. */
function credentialProblem(c: Record<string, unknown>): string | undefined {
  if (c['vc'] !== undefined) return 'it uses the older "vc" claim (VC Data Model 1.1), which is not accepted here';
  const context = c['@context'];
  if (!Array.isArray(context) || context[0] !== OB_CONTEXT[0] || context[1] !== OB_CONTEXT[1]) {
    return '@context is not the VC 2.0 and OB 3.0.3 contexts';
  }
  const type = c['type'];
  if (
    !Array.isArray(type) ||
    !type.includes('VerifiableCredential') ||
    !(type.includes('OpenBadgeCredential') || type.includes('AchievementCredential'))
  ) {
    return 'type is not an OpenBadgeCredential';
  }
  if (typeof c['id'] !== 'string') return 'it has no id';
  if (typeof c['name'] !== 'string') return 'it has no name';
  const issuer = c['issuer'];
  if (!isRecord(issuer) || typeof issuer['id'] !== 'string') return 'it has no issuer';
  const subject = c['credentialSubject'];
  if (!isRecord(subject) || typeof subject['id'] !== 'string') return 'it has no credentialSubject id';
  if (!isRecord(subject['achievement'])) return 'it names no achievement';
  if (typeof c['validFrom'] !== 'string' || Number.isNaN(Date.parse(c['validFrom']))) return 'validFrom is not a date';
  if (c['iss'] !== issuer['id']) return 'iss is not the issuer’s id';
  if (c['jti'] !== c['id']) return 'jti is not the credential’s id';
  if (c['sub'] !== subject['id']) return 'sub is not the subject’s id';
  if (c['nbf'] !== numericDate(c['validFrom'])) return 'nbf is not validFrom';
  const validUntil = c['validUntil'];
  if (validUntil === undefined) {
    if (c['exp'] !== undefined) return 'exp is set but validUntil is not';
  } else if (typeof validUntil !== 'string' || Number.isNaN(Date.parse(validUntil))) {
    return 'validUntil is not a date';
  } else if (c['exp'] !== numericDate(validUntil)) {
    return 'exp is not validUntil';
  }
  return undefined;
}

/** An ISO date-time as a JWT NumericDate (whole seconds since the epoch). */
function numericDate(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

export type OpenBadgeReason =
  BadgeVerifyReason | QualificationReason | 'wrong-issuer' | 'wrong-achievement' | 'expiry-not-allowed';

export interface CheckedBadge extends VerifiedBadge {
  /**
   * Whether the issuer was held to this site's canonical address. A site without one cannot
   * say which issuer id is its own: the badge's issuer is then shown, not vouched for.
   */
  issuerChecked: boolean;
}

/**
 * An Open Badge judged as the verify page and `npm run verify` judge it: `verifyBadgeJwt` (ES256,
 * a roster key valid when it was signed, the signature, the JWT claims, validity now), then the
 * claims against the course's manifest:
 * - the `kid` names a key of the issuer (its DID document, or its site's JWK Set), and the issuer
 *   is this site: its did:web DID or its address (`wrong-issuer`);
 * - the achievement is this course's certification (`wrong-achievement`);
 * - it is valid no longer than the course certifies for (`expiry-not-allowed`);
 * - the signer may certify at the signing time (`may-not-certify`), as a course certification's
 *   signer must: a badge is a course certification in another form.
 * Never throws.
 */
export async function verifyOpenBadge(
  jwt: unknown,
  manifest: Pick<CourseManifest, 'roster' | 'site' | 'course'>,
  options: VerifyBadgeOptions = {},
): Promise<Result<CheckedBadge, OpenBadgeReason>> {
  const verified = await verifyBadgeJwt(jwt, manifest.roster, options);
  if (!verified.ok) return verified;
  const badge = verified.value;
  const { issuer, credentialSubject: subject } = badge.credential;
  const thumbprint = kidThumbprint(badge.kid) ?? '';

  const site = manifest.site;
  const legacy = badge.kid.startsWith(THUMBPRINT_URI_PREFIX);
  if (site !== undefined) {
    // The key must be named where this site publishes it, and the issuer must be this site.
    const did = didWeb(site);
    const ownKid =
      legacy ||
      badge.kid === jwksKeyId(site, thumbprint) ||
      (badge.kid === didKeyId(site, thumbprint) && issuer.id === did);
    if (!ownKid) {
      return fail(
        'wrong-issuer',
        `The badge names its key as ${badge.kid}, which is not where this course’s site publishes its keys (${did}, ${site}), or not a key of its issuer ${issuer.id}.`,
      );
    }
    if (issuer.id !== did && issuer.id !== site) {
      return fail(
        'wrong-issuer',
        `The badge says it was issued by ${issuer.id}, not by this course’s site (${did}, ${site}).`,
      );
    }
  } else if (!legacy) {
    let own: string;
    try {
      own = badgeKeyId(issuer, thumbprint);
    } catch {
      own = '';
    }
    if (badge.kid !== own) {
      return fail(
        'wrong-issuer',
        `The badge names its key as ${badge.kid}, which is not a key of its issuer ${issuer.id}.`,
      );
    }
  }
  const home = site ?? issuer.url ?? issuer.id;
  const achievement = subject.achievement as Partial<Achievement> | undefined;
  if (
    achievement?.id !== `${home}#course-certification` ||
    !Array.isArray(achievement.type) ||
    !achievement.type.includes('Achievement')
  ) {
    return fail(
      'wrong-achievement',
      `The badge is for ${String(achievement?.id)}, not for this course’s certification (${home}#course-certification).`,
    );
  }
  const months = manifest.course.certificationExpiryMonths;
  const { validFrom, validUntil } = badge.credential;
  if (months > 0) {
    const longest = addMonths(new Date(validFrom), months);
    if (validUntil === undefined || Date.parse(validUntil) > longest.getTime()) {
      return fail(
        'expiry-not-allowed',
        `The badge is valid ${validUntil === undefined ? 'with no end' : `until ${validUntil.slice(0, 10)}`}, but the course certifies for ${months} months at most (until ${longest.toISOString().slice(0, 10)}).`,
      );
    }
  }
  const trainer = manifest.roster.trainers.find((t) => t.id === badge.signedBy.id);
  const qualified = trainer ? mayCertify(trainer, undefined, badge.signedAt) : ok(undefined);
  if (!qualified.ok) return qualified;
  return ok({ ...badge, issuerChecked: site !== undefined });
}
