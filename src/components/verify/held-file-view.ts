/**
 * What the verify page shows for an Open Badge, a sign-off file and a trainer's signing log: the
 * verdict sentence, its look, the facts and one line per entry. Loaded only when such a file is
 * dropped (jose and the log check stay off the page until then); the judging is in src/lib
 * (`verifyOpenBadge`, `verifySignoffFile`, `verifySigningLog`), shared with `npm run verify`.
 */
import type { CourseManifest } from '../../lib/course/manifest';
import { verifyOpenBadge } from '../../lib/export/badge';
import { chainBreak, verifySignoffFile, verifySigningLog, type HeldEntry } from '../../lib/export/held-files';
import { reasonLabel } from '../../lib/trust/reasons';
import type { VerdictLook } from './verdict-look';

export interface HeldFileShown {
  summary: string;
  look: VerdictLook;
  facts: [string, string][];
  /** One line per entry, with its status for the list's look. */
  entries: { status: HeldEntry['status']; text: string }[];
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const day = (iso: string) => dateFormat.format(new Date(iso));

/** The verify page's view of a badge, sign-off file or signing log. */
export async function heldFileView(
  kind: 'badge' | 'signoff-file' | 'signing-log',
  text: string,
  name: string,
  manifest: CourseManifest,
  now = new Date(),
): Promise<HeldFileShown> {
  if (kind === 'badge') return badgeView(text, manifest, now);
  const verdict =
    kind === 'signoff-file'
      ? await verifySignoffFile(text, manifest, now)
      : await verifySigningLog(text, manifest, now);
  const what = kind === 'signoff-file' ? 'a sign-off file' : 'a trainer’s signing log';
  if (!verdict.readable) {
    return {
      summary: `${name} is ${what}, but it could not be read: ${verdict.message}`,
      look: 'invalid',
      facts: [],
      entries: [],
    };
  }
  const facts: [string, string][] = [];
  if (verdict.log) {
    facts.push(['Trainer', `${verdict.log.trainer.name} (id ${verdict.log.trainer.id}), as the log says`]);
    facts.push([
      'Chain',
      verdict.log.chain.ok
        ? `holds over ${verdict.log.records} records`
        : `broken ${chainBreak(verdict.log.chain.seq, verdict.log.records)}`,
    ]);
  }
  facts.push(
    ['Trainees', verdict.trainees.map((t) => `${t.name} (id ${t.id})`).join('; ') || 'none verified'],
    ['Entries', `${verdict.entries.filter((e) => e.status !== 'invalid').length} of ${verdict.entries.length} genuine`],
    [
      'Not checked here',
      'step order and the trainee’s own key: they are checked against the trainee’s record, when the entries are imported or the signed record is verified',
    ],
  );
  return {
    summary: `${name} is ${what}. ${verdict.message}${verdict.valid && verdict.demo ? ' DEMO: some entries are signed with the published demo key and prove nothing.' : ''}`,
    look: !verdict.valid ? 'invalid' : verdict.demo ? 'demo' : 'valid',
    facts,
    entries: verdict.entries.map((e) => ({
      status: e.status,
      // Numbered from 1, as the list shows them and the chain's messages name them.
      text: `${verdict.log ? `Record ${e.index + 1}: ` : ''}${e.kind === 'certification' ? 'Certification' : 'Sign-off'} — ${
        e.status === 'invalid' ? `NOT VALID (${reasonLabel(e.reason ?? 'invalid')})` : e.status
      }${e.demo ? ' (DEMO)' : ''}: ${e.message}`,
    })),
  };
}

async function badgeView(text: string, manifest: CourseManifest, now: Date): Promise<HeldFileShown> {
  const badge = await verifyOpenBadge(text.trim(), manifest, { now });
  if (!badge.ok) {
    return {
      summary: `This Open Badge is not valid (${reasonLabel(badge.reason)}): ${badge.message}`,
      look: badge.reason === 'expired' ? 'expired' : 'invalid',
      facts: [],
      entries: [],
    };
  }
  const c = badge.value.credential;
  const learner = c.credentialSubject.identifier.find((i) => i.identityType === 'name')?.identityHash;
  return {
    summary: `Genuine Open Badge: signed by ${badge.value.signedBy.name}, a trainer on this course’s roster, and unaltered.${badge.value.demo ? ' DEMO: it proves nothing.' : ''}`,
    look: badge.value.demo ? 'demo' : 'valid',
    facts: [
      [
        'Issuer',
        `${c.issuer.name ?? ''} (${c.issuer.id})${badge.value.issuerChecked ? ': this site' : ': not checked, this site has no canonical address'}`,
      ],
      ['Awarded to', learner ?? c.credentialSubject.id],
      ['Achievement', c.credentialSubject.achievement.name],
      ['Valid', `${day(c.validFrom)}${c.validUntil ? ` to ${day(c.validUntil)}` : ', no end'}`],
      ['Signed', `${day(badge.value.signedAt)}, key ${badge.value.kid}`],
    ],
    entries: [],
  };
}
