/** What the trainee's device says when entries arrive, counted by kind, no "(s)". */
import { describe, expect, it } from 'vitest';
import { receivedText } from '../../../src/lib/progress/received-text';
import type { ReceivedResult } from '../../../src/lib/progress/receive';
import type { CertificationPayload } from '../../../src/lib/export/types';

const cert = { scope: 'skill' } as unknown as CertificationPayload;
const added = (certification?: CertificationPayload): ReceivedResult =>
  ({ jws: 'x', outcome: 'added', certification }) as ReceivedResult;
const duplicate = { jws: 'x', outcome: 'duplicate' } as ReceivedResult;
const refused = { jws: 'x', outcome: 'refused', message: 'no' } as ReceivedResult;

describe('the sentence after entries arrive', () => {
  it('says "3 certifications added" for a sitting of certifications', () => {
    expect(receivedText('Tess', [added(cert), added(cert), added(cert)])).toEqual({
      text: 'Tess: 3 certifications added.',
      ok: true,
    });
  });

  it('counts sign-offs and certifications apart, in the singular for one', () => {
    expect(receivedText('Tess', [added(), added(cert)]).text).toBe('Tess: 1 sign-off and 1 certification added.');
    expect(receivedText('Tess', [added(), added(), duplicate]).text).toBe(
      'Tess: 2 sign-offs added. 1 entry was already here.',
    );
  });

  it('says nothing was added when all were refused or already here, and flags a refusal', () => {
    expect(receivedText('Tess', [refused])).toEqual({
      text: 'Tess: nothing new added, 1 entry refused (see below; nothing else changed).',
      ok: false,
    });
    expect(receivedText('Tess', [duplicate, duplicate]).text).toBe(
      'Tess: nothing new added. 2 entries were already here.',
    );
  });
});
