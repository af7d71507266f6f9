// Random identifiers and codes, all from the system CSPRNG.

import { randomInt } from 'node:crypto';
import { encodeBase64url, randomBytes } from '../../protocol/index.ts';

/** Crockford base32: no I, L, O, U, so a code read aloud or typed is not misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function crockford(length: number): string {
  return Array.from({ length }, () => CROCKFORD[randomInt(CROCKFORD.length)]).join('');
}

export const newSerial = (): string => crockford(12);
export const newActivationCode = (): string => crockford(8);
export const newTxid = (): string => encodeBase64url(randomBytes(16));
export const newSixDigitCode = (): string => String(randomInt(1_000_000)).padStart(6, '0');
export const newChallenge = newSixDigitCode;
export const newSessionId = (): string => encodeBase64url(randomBytes(32));
export const newCsrfToken = (): string => encodeBase64url(randomBytes(24));
