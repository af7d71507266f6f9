// Identifiers and codes: their alphabets and lengths, over enough draws that a short or
// mis-drawn one would show (a code below 100000 comes one time in ten).

import { describe, expect, it } from 'vitest';
import { decodeBase64url } from '../../protocol/index.ts';
import {
  newActivationCode,
  newChallenge,
  newCsrfToken,
  newSerial,
  newSessionId,
  newSixDigitCode,
  newTxid,
} from './identifiers.ts';

const DRAWS = 300;
const drawn = (make: () => string) => Array.from({ length: DRAWS }, make);

describe('identifiers', () => {
  it('draws serials of 12 and activation codes of 8 Crockford characters (no I, L, O, U)', () => {
    for (const serial of drawn(newSerial)) expect(serial).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    for (const code of drawn(newActivationCode)) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    // Every one of the 32 characters comes up in 300 serials (3,600 draws).
    expect(new Set(drawn(newSerial).join('')).size).toBe(32);
  });

  it('draws six-digit codes and challenges with their leading zeros', () => {
    const codes = [...drawn(newSixDigitCode), ...drawn(newChallenge)];
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(codes.some((code) => code.startsWith('0'))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(DRAWS);
  });

  it('draws txids of 16, CSRF tokens of 24 and session ids of 32 random bytes in base64url', () => {
    for (const [make, bytes] of [
      [newTxid, 16],
      [newCsrfToken, 24],
      [newSessionId, 32],
    ] as const) {
      const values = drawn(make);
      for (const value of values) expect(decodeBase64url(value).byteLength).toBe(bytes);
      expect(new Set(values).size).toBe(DRAWS);
    }
  });
});
