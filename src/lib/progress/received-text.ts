/**
 * The sentence a trainee reads after entries arrive: "Tess: 3 certifications added.",
 * counting sign-offs and certifications apart and never writing "(s)". Pure, for the checklist.
 */
import { count, entriesText } from '../plural';
import type { ReceivedResult } from './receive';

export function receivedText(name: string, results: readonly ReceivedResult[]): { text: string; ok: boolean } {
  const added = results.filter((r) => r.outcome === 'added');
  const certifications = added.filter((r) => r.certification).length;
  const duplicates = results.filter((r) => r.outcome === 'duplicate').length;
  const refused = results.length - added.length - duplicates;
  const what = added.length
    ? `${entriesText(added.length - certifications, certifications)} added`
    : 'nothing new added';
  return {
    text:
      `${name}: ${what}` +
      (refused ? `, ${count(refused, 'entry', 'entries')} refused (see below; nothing else changed).` : '.') +
      (duplicates
        ? ` ${count(duplicates, 'entry', 'entries')} ${duplicates === 1 ? 'was' : 'were'} already here.`
        : ''),
    ok: refused === 0,
  };
}
