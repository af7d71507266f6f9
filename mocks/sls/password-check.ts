// The password check of the portal's login and of a recovery's start, with the same protections:
// shared failure limits per user and per client, and no way to tell a missing user from a wrong
// password (same answer, same scrypt time).

import { recordAudit } from './audit.ts';
import type { SlsContext } from './context.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';
import { findUserByUsername, type UserRow } from './users.ts';

export type PasswordCheck =
  | { outcome: 'ok'; user: UserRow }
  | { outcome: 'locked'; retryAfterSeconds: number }
  | { outcome: 'wrong' };

export async function checkPassword(
  context: SlsContext,
  attempt: { username: string; password: string; client: string },
  auditKind: 'login' | 'recovery',
): Promise<PasswordCheck> {
  const userKey = `user:${attempt.username.toLowerCase()}`;
  const clientKey = `client:${attempt.client}`;
  const audit = (outcome: string, userId: string | null) =>
    recordAudit(context.db.pool, {
      at: context.clock.now(),
      kind: auditKind,
      outcome,
      userId,
      detail: { client: attempt.client },
    });
  const wait = Math.max(
    context.limiters.passwordPerUser.retryAfter(userKey),
    context.limiters.passwordPerClient.retryAfter(clientKey),
  );
  if (wait > 0) {
    await audit('RATE_LIMITED', null);
    return { outcome: 'locked', retryAfterSeconds: wait };
  }
  const user = await findUserByUsername(context.db.pool, attempt.username);
  const passwordOk = user
    ? await verifyPassword(attempt.password, user.password_hash)
    : await verifyAgainstDummy(attempt.password);
  if (!user || !passwordOk) {
    context.limiters.passwordPerUser.hit(userKey);
    context.limiters.passwordPerClient.hit(clientKey);
    await audit('BAD_PASSWORD', user?.id ?? null);
    return { outcome: 'wrong' };
  }
  context.limiters.passwordPerUser.reset(userKey);
  return { outcome: 'ok', user };
}
