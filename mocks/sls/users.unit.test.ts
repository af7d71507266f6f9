// The one form of a username that lookups and login limits use.

import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../protocol/index.ts';
import { usernameKey } from './users.ts';

describe('usernameKey', () => {
  it('folds ASCII capitals only, as PostgreSQL lower() folds the stored names', () => {
    expect(usernameKey('Jane.Doe1')).toBe('jane.doe1');
    expect(usernameKey('ZOÉ')).toBe('zoÉ');
    expect(usernameKey('already.lower')).toBe('already.lower');
  });

  it('refuses a name with a NUL byte with a 400 and a sentence, as no username can hold one', () => {
    let refusal: unknown;
    try {
      usernameKey('jane\0doe');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ProtocolError);
    expect(refusal).toMatchObject({
      code: 'INVALID_REQUEST',
      status: 400,
      message: 'username contains a NUL byte (\\u0000), which no username can hold.',
    });
  });
});
