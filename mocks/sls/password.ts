// Passwords are hashed with scrypt (memory-hard, in node:crypto) and compared in constant time.

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** log2 of scrypt's N. 15 (32 MiB) in production; the lab default 14 keeps test logins fast. */
export const DEFAULT_SCRYPT_LOG_N = 14;
const BLOCK_SIZE = 8;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, logN: number): Promise<Buffer> {
  const cost = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(
      password,
      salt,
      KEY_LENGTH,
      { N: cost, r: BLOCK_SIZE, p: 1, maxmem: 256 * cost * BLOCK_SIZE },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string, logN = DEFAULT_SCRYPT_LOG_N): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, logN);
  return `scrypt$${logN}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(logN));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Spends the same time as a real check, so a missing user cannot be told apart by timing. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string, logN = DEFAULT_SCRYPT_LOG_N): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-for-timing', logN);
  await verifyPassword(password, await dummyHash);
  return false;
}
