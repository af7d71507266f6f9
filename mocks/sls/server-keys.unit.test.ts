// Where the key that seals the server's secrets comes from, and the short name that tells keys
// apart without revealing them.

import { describe, expect, it } from 'vitest';
import { keyIdOf, secretsKeyFromEnvironment } from './server-keys.ts';

describe('secretsKeyFromEnvironment', () => {
  it('takes LAB_SECRETS_KEY first, then LAB_SECRETS_KEY_FILE', () => {
    const key = 'ab'.repeat(32);
    expect(secretsKeyFromEnvironment({ LAB_SECRETS_KEY: key, LAB_SECRETS_KEY_FILE: '/k' })).toEqual({
      from: 'environment',
      variable: 'LAB_SECRETS_KEY',
      value: key,
    });
    expect(secretsKeyFromEnvironment({ LAB_SECRETS_KEY: '', LAB_SECRETS_KEY_FILE: '/run/key' })).toEqual({
      from: 'file',
      path: '/run/key',
    });
  });

  it('makes a random 32-byte key for the run when neither is set', () => {
    const first = secretsKeyFromEnvironment({});
    const second = secretsKeyFromEnvironment({ LAB_SECRETS_KEY_FILE: '' });
    if (first.from !== 'run' || second.from !== 'run')
      throw new Error('both should be keys made for the run');
    expect(first.key.byteLength).toBe(32);
    expect(Buffer.from(first.key).equals(Buffer.from(second.key))).toBe(false);
  });
});

describe('keyIdOf', () => {
  it('names a key by 16 hex digits of a hash, the same for the same key and different for another', () => {
    const key = Buffer.alloc(32, 1);
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(Buffer.alloc(32, 1))).toBe(keyIdOf(key));
    expect(keyIdOf(Buffer.alloc(32, 2))).not.toBe(keyIdOf(key));
    expect(keyIdOf(key)).not.toContain(key.toString('hex').slice(0, 16));
  });
});
