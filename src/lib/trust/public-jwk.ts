/**
 * Reading a public key from untrusted JSON (a request, a record, a progress file). A module of
 * its own so the pages that only read keys do not load the key-backup code of ./keys.ts.
 */
import { isRecord } from './encoding';
import type { PublicJwk } from './roster';

const COORDINATE = /^[A-Za-z0-9_-]{43}$/;

/** The public members of an EC P-256 JWK, or undefined. A JWK with "d" is refused. */
export function readPublicJwk(value: unknown): PublicJwk | undefined {
  if (!isRecord(value) || value['kty'] !== 'EC' || value['crv'] !== 'P-256' || 'd' in value) return undefined;
  const { x, y } = value;
  if (typeof x !== 'string' || typeof y !== 'string' || !COORDINATE.test(x) || !COORDINATE.test(y)) return undefined;
  return { kty: 'EC', crv: 'P-256', x, y };
}
