// The password check of the portal's login and of a recovery's start, with the same protections:
// shared failure limits, taken before the slow check so that racing attempts never check more
// passwords than the limits allow, and no way to tell a missing user from a wrong password (same
// answer, same scrypt cost, same limits).
//
// The limits (protocol/README.md, "Failed passwords"), each per 900 s by default:
// - 5 failures of one client for one username: that client may not try that username again;
// - 20 failures for one username from all clients: nobody may try it (guessing from many addresses);
// - 50 failures of one client on usernames that exist: that client may try no password. Unknown
//   usernames do not count here, so one client mistyping names never locks out the others behind
//   its address (every lab client is 127.0.0.1).
// A success gives its own attempt back but does not wipe earlier failures.

import { recordAudit } from './audit.ts';
import type { SlsContext } from './context.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { takeFromEach } from './rate-limiter.ts';
import { findUserByUsername, type UserRow, usernameKey } from './users.ts';

export type PasswordCheck =
  | { outcome: 'ok'; user: UserRow }
  | { outcome: 'locked'; retryAfterSeconds: number }
  | { outcome: 'wrong' };

export async function checkPassword(
  context: SlsContext,
  attempt: { username: string; password: string; client: string },
  auditKind: 'login' | 'recovery',
): Promise<PasswordCheck> {
  const username = usernameKey(attempt.username);
  const audit = (outcome: string, userId: string | null) =>
    recordAudit(context.db.pool, {
      at: context.clock.now(),
      kind: auditKind,
      outcome,
      userId,
      detail: { client: attempt.client },
    });
  const { limiters } = context;
  const budgets = takeFromEach([
    [limiters.passwordPerClientAndUser, `${attempt.client}|${username}`],
    [limiters.passwordPerUser, username],
    [limiters.passwordPerClient, attempt.client],
  ]);
  if ('retryAfter' in budgets) {
    await audit('RATE_LIMITED', null);
    return { outcome: 'locked', retryAfterSeconds: budgets.retryAfter };
  }
  const [forClientAndUser, forUser, forClient] = budgets.taken;
  let counted = false;
  try {
    const user = await findUserByUsername(context.db.pool, username);
    // Taken before the look-up, so a client at its limit is refused whether the name exists or not.
    if (!user) forClient!.release();
    const passwordOk = user
      ? await verifyPassword(attempt.password, user.password_hash)
      : await verifyAgainstDummy(attempt.password, context.config.scryptLogN);
    if (!user || !passwordOk) {
      counted = true;
      await audit('BAD_PASSWORD', user?.id ?? null);
      return { outcome: 'wrong' };
    }
    return { outcome: 'ok', user };
  } finally {
    // A success, or a check that could not finish (the database failed), is not a failed password.
    if (!counted) for (const taken of [forClientAndUser, forUser, forClient]) taken!.release();
  }
}

/**
 * A hash made at the server's own scrypt cost, checked for a username that does not exist, so that
 * it takes as long as a wrong password for one that does (a hash at another cost would not).
 */
const dummyHashes = new Map<number, Promise<string>>();
async function verifyAgainstDummy(password: string, scryptLogN: number): Promise<false> {
  let dummy = dummyHashes.get(scryptLogN);
  if (!dummy) {
    dummy = hashPassword('a password no user has, checked for timing only', scryptLogN);
    dummyHashes.set(scryptLogN, dummy);
  }
  await verifyPassword(password, await dummy);
  return false;
}
