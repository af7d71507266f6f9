// The CSRF check of the portal's forms: the submitted token must be the session's, in its exact
// form (24 random bytes in base64url), compared in constant time.

import { describe, expect, it } from 'vitest';
import { csrfMatches, type PortalSession } from './sessions.ts';

const TOKEN = 'A'.repeat(16) + 'b'.repeat(16);
const session: PortalSession = {
  idHash: Buffer.alloc(32),
  userId: null,
  stage: 'anonymous',
  csrfToken: TOKEN,
  activationSerial: null,
  txid: null,
};

describe('csrfMatches', () => {
  it("accepts the session's own token", () => {
    expect(csrfMatches(session, TOKEN)).toBe(true);
  });

  it.each([
    ['another token', `${'A'.repeat(16)}${'b'.repeat(15)}c`],
    ['nothing', undefined],
    ['an empty string', ''],
    ['a token of another length', TOKEN.slice(0, 28)],
    ['the token with padding', `${TOKEN}==`],
    ['the token as a list (a form field sent twice)', [TOKEN, TOKEN]],
    ['a number', 42],
  ])('refuses %s', (_what, submitted) => {
    expect(csrfMatches(session, submitted)).toBe(false);
  });
});
