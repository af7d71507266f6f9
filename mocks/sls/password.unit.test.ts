// Password hashes: scrypt at the cost asked for, salted, and a stored value that is not one of
// ours never verifies.

import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';

const CHEAP = 10;

describe('password hashes', () => {
  it('writes scrypt$<logN>$<salt>$<key>, with a fresh 16-byte salt and a 32-byte key', async () => {
    const first = await hashPassword('correct horse', CHEAP);
    const second = await hashPassword('correct horse', CHEAP);
    expect(first).toMatch(/^scrypt\$10\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
  });

  it('verifies the password and no other, whatever the cost it was hashed at', async () => {
    for (const logN of [CHEAP, 11]) {
      const stored = await hashPassword('correct horse', logN);
      expect(stored.split('$')[1]).toBe(String(logN));
      expect(await verifyPassword('correct horse', stored)).toBe(true);
      expect(await verifyPassword('correct horsE', stored)).toBe(false);
      expect(await verifyPassword('', stored)).toBe(false);
    }
  });

  it('still verifies a hash stored by an earlier run (scrypt N=2^10, r=8, p=1, 32-byte key)', async () => {
    const stored = 'scrypt$10$C7tbV7eJ7enI2EcXD8BFVg$2YXnFlJWRCs8k3SNiHBXRTP6nG9_UtYC0w1VZJ4hwDY';
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
  });

  it('hashes at the lab default cost, 2^14, when none is given', async () => {
    expect((await hashPassword('pw')).split('$')[1]).toBe('14');
  });

  it('refuses a stored value of another scheme, with a part missing, or with a key of another length', async () => {
    const stored = await hashPassword('pw', CHEAP);
    const [, logN, salt, key] = stored.split('$');
    for (const other of [
      `bcrypt$${logN}$${salt}$${key}`,
      `scrypt$$${salt}$${key}`,
      `scrypt$${logN}$$${key}`,
      `scrypt$${logN}$${salt}$`,
      `scrypt$${logN}$${salt}`,
      `scrypt$${logN}$${salt}$${key!.slice(0, 22)}`,
      '',
    ])
      expect(await verifyPassword('pw', other), other).toBe(false);
  });

  it('spends a check on a dummy hash and always says no', async () => {
    expect(await verifyAgainstDummy('pw', CHEAP)).toBe(false);
    expect(await verifyAgainstDummy('dummy-password-for-timing', CHEAP)).toBe(false);
  });
});
