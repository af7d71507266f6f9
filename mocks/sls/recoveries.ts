// Parts D (the phone's key is missing or invalidated) and E (a new phone) of the protocol: the
// password, a code texted to the user's number, then a new enrollment that revokes the user's
// device and activates the new one in ONE transaction, so there is never two active devices, nor none.

import { randomUUID } from 'node:crypto';
import { faultOn, portalText } from '../../product/index.ts';
import {
  constantTimeEqual,
  type EnrollResponse,
  type ErrorCode,
  type ErrorDetails,
  jwkThumbprint,
  ProtocolError,
  parsePublicJwk,
  type RecoveryCompleteRequest,
  type RecoveryPurposeValue,
  type RecoveryStartRequest,
  type RecoveryStartResponse,
  recoverString,
  SMS_CODE_DIGITS,
  verifyString,
} from '../../protocol/index.ts';
import { enrollAnswer } from './activations.ts';
import { recordAudit } from './audit.ts';
import type { SlsContext } from './context.ts';
import type { Queryable } from './database.ts';
import { newSixDigitCode } from './identifiers.ts';
import { addSeconds } from './lab-clock.ts';
import { checkPassword } from './password-check.ts';
import { findActiveDevice, newDeviceValues } from './users.ts';

interface RecoveryRow {
  id: string;
  user_id: string;
  purpose: RecoveryPurposeValue;
  state: 'sending' | 'sms_failed' | 'issued' | 'completed' | 'failed' | 'expired' | 'superseded';
  code_hash: Buffer;
  attempts_left: number;
  replaces_device_id: string;
  expires_at: Date;
}

async function codeHash(context: SlsContext, recoveryId: string, code: string): Promise<Buffer> {
  return Buffer.from(await context.keys.derive('sms-code', `${recoveryId}|${code}`));
}

/** Locks the user's row: every change to a user's recoveries and devices by a recovery takes turns here. */
async function lockUser(tx: Queryable, userId: string): Promise<void> {
  await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
}

export async function startRecovery(
  context: SlsContext,
  request: RecoveryStartRequest,
  client: string,
): Promise<RecoveryStartResponse> {
  const check = await checkPassword(
    context,
    { username: request.username, password: request.password, client },
    'recovery',
  );
  if (check.outcome === 'locked')
    throw new ProtocolError(
      'RATE_LIMITED',
      `Too many failed passwords; retry in ${check.retryAfterSeconds} seconds.`,
      { retryAfter: check.retryAfterSeconds },
    );
  if (check.outcome === 'wrong')
    throw new ProtocolError('BAD_LOGIN', 'The username or password is not correct.');
  const { user } = check;
  const now = context.clock.now();
  const device = await findActiveDevice(context.db.pool, user.id);
  const audit = (db: Queryable, outcome: string, detail: Record<string, unknown> = {}) =>
    recordAudit(db, {
      at: context.clock.now(),
      kind: 'recovery',
      outcome,
      userId: user.id,
      deviceId: device?.id ?? null,
      detail: { purpose: request.purpose, client, ...detail },
    });
  if (!device) {
    await audit(context.db.pool, 'NO_ACTIVE_DEVICE');
    throw new ProtocolError(
      'NO_ACTIVE_DEVICE',
      'IB Key is not active for this user, so there is nothing to recover or move; activate it from the QR code the Client Portal shows after login.',
    );
  }
  if (!user.phone) {
    await audit(context.db.pool, 'NO_PHONE_NUMBER');
    throw new ProtocolError(
      'NO_PHONE_NUMBER',
      'No phone number is on file for this user, so no code can be texted; contact Client Services.',
    );
  }
  const wait = context.limiters.recoveryStartsPerUser.hit(user.id);
  if (wait > 0) {
    await audit(context.db.pool, 'RATE_LIMITED');
    throw new ProtocolError('RATE_LIMITED', `Too many codes were sent; retry in ${wait} seconds.`, {
      retryAfter: wait,
    });
  }

  const recoveryId = randomUUID();
  const code = newSixDigitCode();
  const expiresAt = addSeconds(now, context.config.ttl.recoveryCodeSeconds);
  const phoneHint = user.phone.slice(-2);
  const attempts = context.config.limits.smsCodeAttemptsPerRecovery;
  // Written before the text goes out, as 'sending': nothing can complete it until the gateway took it.
  await context.db.query(
    `INSERT INTO recoveries (id, user_id, purpose, state, code_hash, attempts_left, phone_hint, replaces_device_id,
                             created_at, expires_at)
     VALUES ($1, $2, $3, 'sending', $4, $5, $6, $7, $8, $9)`,
    [
      recoveryId,
      user.id,
      request.purpose,
      await codeHash(context, recoveryId, code),
      attempts,
      phoneHint,
      device.id,
      now,
      expiresAt,
    ],
  );
  const sent = await context.sms.send({
    to: user.phone,
    body: portalText(user.locale, 'smsRecoveryCode', { code }),
  });
  await context.db.transaction(async (tx) => {
    if (sent.outcome === 'failed') {
      await tx.query(`UPDATE recoveries SET state = 'sms_failed', outcome = 'SMS_FAILED' WHERE id = $1`, [
        recoveryId,
      ]);
      await audit(tx, 'SMS_FAILED', { recoveryId, smsDetail: sent.detail });
      return;
    }
    // The last code texted is the only one that works.
    await lockUser(tx, user.id);
    await tx.query(
      `UPDATE recoveries SET state = 'superseded', outcome = 'SUPERSEDED' WHERE user_id = $1 AND state = 'issued'`,
      [user.id],
    );
    await tx.query(`UPDATE recoveries SET state = 'issued', sms_sid = $2 WHERE id = $1`, [
      recoveryId,
      sent.sid,
    ]);
    await audit(tx, 'SMS_SENT', { recoveryId, smsSid: sent.sid });
  });
  if (sent.outcome === 'failed') {
    throw new ProtocolError(
      'SMS_FAILED',
      'The code could not be texted (the SMS gateway refused it); nothing was started, try again in a few minutes.',
    );
  }
  return {
    recoveryId,
    expiresAt: Math.floor(expiresAt.getTime() / 1000),
    phoneHint,
    codeDigits: SMS_CODE_DIGITS,
    attemptsLeft: attempts,
  };
}

type CompletionOutcome = { deviceId: string } | { error: ProtocolError };

/**
 * Completes a recovery. The signature by the new key is checked first, so a forged request burns no
 * attempt. Then ONE transaction with the user and the recovery locked: every outcome is recorded,
 * and success revokes the old device and activates the new one together.
 */
export async function completeRecovery(
  context: SlsContext,
  request: RecoveryCompleteRequest,
  client: string,
): Promise<EnrollResponse> {
  const publicKey = await parsePublicJwk(request.publicKey);
  const thumbprint = await jwkThumbprint(publicKey);
  if (
    !(await verifyString(
      publicKey,
      recoverString({ ...request, publicKeyThumbprint: thumbprint }),
      request.sig,
    ))
  ) {
    throw new ProtocolError(
      'BAD_SIGNATURE',
      'sig does not verify over recover|recoveryId|smsCode|thumbprint|apnsToken with publicKey.',
    );
  }
  const presentedHash = await codeHash(context, request.recoveryId, request.smsCode);
  const now = context.clock.now();
  const outcome = await context.db.transaction(async (tx): Promise<CompletionOutcome> => {
    const detail = {
      recoveryId: request.recoveryId,
      client,
      keyThumbprint: thumbprint,
      model: request.device.model,
    };
    const audit = (outcome: string, userId: string | null, deviceId: string | null, more = {}) =>
      recordAudit(tx, {
        at: now,
        kind: 'recovery',
        outcome,
        userId,
        deviceId,
        detail: { ...detail, ...more },
      });
    const fail = async (
      recovery: RecoveryRow | undefined,
      code: keyof typeof COMPLETION_FAILURES,
      details: ErrorDetails = {},
    ) => {
      await audit(code, recovery?.user_id ?? null, recovery?.replaces_device_id ?? null, details);
      return { error: new ProtocolError(code, COMPLETION_FAILURES[code](details), details) };
    };

    const { rows: owners } = await tx.query<{ user_id: string }>(
      'SELECT user_id FROM recoveries WHERE id = $1',
      [request.recoveryId],
    );
    if (!owners[0]) return fail(undefined, 'UNKNOWN_RECOVERY');
    await lockUser(tx, owners[0].user_id);
    const { rows } = await tx.query<RecoveryRow>('SELECT * FROM recoveries WHERE id = $1 FOR UPDATE', [
      request.recoveryId,
    ]);
    const recovery = rows[0]!;
    const close = async (
      state: RecoveryRow['state'],
      code: keyof typeof COMPLETION_FAILURES,
      details: ErrorDetails = {},
    ) => {
      await tx.query('UPDATE recoveries SET state = $2, outcome = $3, attempts_left = $4 WHERE id = $1', [
        recovery.id,
        state,
        code,
        details.attemptsLeft ?? recovery.attempts_left,
      ]);
      return fail(recovery, code, details);
    };
    if (recovery.state !== 'issued') return fail(recovery, 'RECOVERY_USED');
    if (recovery.expires_at <= now) return close('expired', 'SMS_CODE_EXPIRED');
    if (!constantTimeEqual(presentedHash, recovery.code_hash)) {
      const attemptsLeft = recovery.attempts_left - 1;
      return attemptsLeft === 0
        ? close('failed', 'TOO_MANY_ATTEMPTS', { attemptsLeft })
        : close('issued', 'BAD_SMS_CODE', { attemptsLeft });
    }
    const active = await findActiveDevice(tx, recovery.user_id);
    // A move or recovery completed since this code was sent: this one would replace the wrong device.
    if (active?.id !== recovery.replaces_device_id) return close('superseded', 'RECOVERY_USED');

    const deviceId = randomUUID();
    const reason = recovery.purpose === 'move' ? 'moved' : 'recovered';
    await tx.query(
      `UPDATE devices SET state = 'revoked', revoked_at = $2, revoked_reason = $3 WHERE id = $1`,
      [active.id, now, reason],
    );
    await tx.query(
      `INSERT INTO devices (id, user_id, state, public_key, key_thumbprint, apns_token, model, os, app_version,
                            biometry, recovery_id, activated_at)
       VALUES ($1, $2, 'active', $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [...newDeviceValues(deviceId, recovery.user_id, { publicKey, thumbprint }, request), recovery.id, now],
    );
    await tx.query('UPDATE devices SET replaced_by = $2 WHERE id = $1', [active.id, deviceId]);
    // Logins waiting for the old device follow IB Key to the new one (the old one can no longer answer).
    const { rowCount: handedOver } = await tx.query(
      `UPDATE login_transactions SET device_id = $2 WHERE device_id = $1 AND state = 'pending'`,
      [active.id, deviceId],
    );
    await tx.query(
      `UPDATE recoveries SET state = 'completed', outcome = 'COMPLETED', new_device_id = $2, completed_at = $3 WHERE id = $1`,
      [recovery.id, deviceId, now],
    );
    if (!faultOn('revoke-audit-not-written'))
      await recordAudit(tx, {
        at: now,
        kind: 'device',
        outcome: 'REVOKED',
        userId: recovery.user_id,
        deviceId: active.id,
        detail: { reason, replacedBy: deviceId, recoveryId: recovery.id },
      });
    await audit('COMPLETED', recovery.user_id, deviceId, {
      purpose: recovery.purpose,
      replacedDeviceId: active.id,
      newDeviceId: deviceId,
      withApnsToken: request.apnsToken !== null,
      loginsHandedOver: handedOver ?? 0,
    });
    return { deviceId };
  });
  if ('error' in outcome) throw outcome.error;
  return enrollAnswer(context, outcome.deviceId);
}

const COMPLETION_FAILURES = {
  UNKNOWN_RECOVERY: () => 'No recovery has this recoveryId; start again with your password.',
  RECOVERY_USED: () =>
    'This recovery can no longer be completed (it was completed, failed, expired, or a newer code was sent); start again.',
  SMS_CODE_EXPIRED: () => 'This code has expired; start again to get a new one.',
  BAD_SMS_CODE: ({ attemptsLeft }: ErrorDetails) =>
    `This code is not correct; ${attemptsLeft} ${attemptsLeft === 1 ? 'attempt is' : 'attempts are'} left.`,
  TOO_MANY_ATTEMPTS: () => 'This code was entered wrong too many times; start again to get a new one.',
} satisfies Partial<Record<ErrorCode, (details: ErrorDetails) => string>>;
