// The one form of a username that lookups and login limits use.

import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../protocol/index.ts';
import { createUser, usernameKey } from './users.ts';

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

describe('createUser', () => {
  it('refuses a username with anything after its allowed characters before touching the database', async () => {
    // The database is never reached: the shape is checked first, whoever calls (the seed, the control API).
    const unreachable = new Proxy(
      {},
      {
        get: () => {
          throw new Error('the database was used');
        },
      },
    );
    for (const username of ['jane.doe space', 'jane/../doe', 'a'.repeat(65)])
      await expect(
        createUser(
          unreachable as never,
          { username, displayName: 'Jane', password: 'pw', locale: 'en-US' },
          new Date(),
          10,
        ),
      ).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringContaining('must be 1 to 64 ASCII letters'),
      });
  });
});
