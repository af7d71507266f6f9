// Why a device may no longer act, in the words the phone shows: moved, recovered, or its key
// reported unusable; a usable device has no reason.

import { describe, expect, it } from 'vitest';
import { whyUnusable } from './device-requests.ts';

describe('whyUnusable', () => {
  it('lets an active device with a usable key act', () => {
    expect(whyUnusable({ state: 'active', revoked_reason: null, key_state: 'usable' })).toBeUndefined();
  });

  it('says a revoked device moved, or was replaced by a recovery, with the reason as a detail', () => {
    expect(whyUnusable({ state: 'revoked', revoked_reason: 'moved', key_state: 'usable' })).toMatchObject({
      code: 'DEVICE_REVOKED',
      status: 410,
      message: 'IB Key has moved to another phone; this phone can no longer approve logins.',
      details: { reason: 'moved' },
    });
    expect(
      whyUnusable({ state: 'revoked', revoked_reason: 'recovered', key_state: 'invalidated' }),
    ).toMatchObject({
      code: 'DEVICE_REVOKED',
      message: 'IB Key was recovered with a new key; this key can no longer approve logins.',
      details: { reason: 'recovered' },
    });
  });

  it('tells an active device whose key was reported unusable to recover IB Key', () => {
    expect(whyUnusable({ state: 'active', revoked_reason: null, key_state: 'invalidated' })).toMatchObject({
      code: 'KEY_INVALIDATED',
      status: 403,
      message:
        "This device's key was reported unusable (the biometric enrolment changed); recover IB Key with your password and an SMS code.",
    });
  });
});
