// Parts B and C of the protocol: a login transaction approved by push (or polled by the app),
// and the challenge/response fallback when no notification arrives.

import { recordGeneratedSecret } from '../../common/index.ts';
import { faultOn, portalText } from '../../product/index.ts';
import {
  type AnswerRequest,
  type AnswerResponse,
  answerString,
  checkChallengeResponse,
  constantTimeEqual,
  deriveChallengeResponseKey,
  encodeBase64url,
  type LoginPollStatus,
  type PendingRequest,
  type PendingResponse,
  ProtocolError,
  type PushPayload,
  pendingString,
  pushString,
  signString,
} from '../../protocol/index.ts';
import { recordAudit } from './audit.ts';
import type { SlsContext } from './context.ts';
import type { Queryable } from './database.ts';
import { authenticateDevice, lockUsableDevice } from './device-requests.ts';
import { newChallenge, newTxid } from './identifiers.ts';
import { addSeconds } from './lab-clock.ts';
import type { DeviceRow, UserRow } from './users.ts';

interface TransactionRow {
  txid: string;
  user_id: string;
  device_id: string;
  challenge: string;
  state: 'pending' | 'approved' | 'denied';
  push_outcome: string;
  cr_failures: number;
  expires_at: Date;
}

export async function nonceFor(context: SlsContext, txid: string): Promise<string> {
  const nonce = encodeBase64url(await context.keys.derive('nonce', txid));
  recordGeneratedSecret('nonce', nonce);
  return nonce;
}

/** A login transaction just written, and where its push goes once the transaction commits. */
export interface StartedLogin {
  txid: string;
  push?: { user: UserRow; token: string; expiresAt: Date };
}

/**
 * Writes a login transaction and its audit event in `tx`, the password login's own transaction;
 * the push goes out after it commits (sendLoginPush), so no phone is asked about a login that
 * was never recorded.
 */
export async function startLoginTransaction(
  context: SlsContext,
  tx: Queryable,
  user: UserRow,
  device: DeviceRow,
): Promise<StartedLogin> {
  const now = context.clock.now();
  const txid = newTxid();
  const ttlSeconds = context.config.ttl.loginTransactionSeconds * (faultOn('login-ttl-in-minutes') ? 60 : 1);
  const expiresAt = addSeconds(now, ttlSeconds);
  const pushOutcome = pushOutcomeBeforeSending(context, user, device);
  await tx.query(
    `INSERT INTO login_transactions (txid, user_id, device_id, challenge, state, push_outcome, created_at, expires_at)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7)`,
    [txid, user.id, device.id, newChallenge(), pushOutcome, now, expiresAt],
  );
  await recordAudit(tx, {
    at: now,
    kind: 'login',
    outcome: 'SECOND_FACTOR_REQUESTED',
    userId: user.id,
    txid,
    deviceId: device.id,
    ...(pushOutcome === 'rate_limited' ? { detail: { push: 'rate_limited' } } : {}),
  });
  return pushOutcome === 'sending'
    ? { txid, push: { user, token: device.apns_token!, expiresAt } }
    : { txid };
}

/**
 * Whether a login's push will be sent ('sending'), or why not: a phone whose key is invalidated can
 * neither approve a push nor compute a response (the transaction waits for a recovery, which hands
 * it to the new device); a device without a token cannot be notified; and a user whose logins sent
 * many pushes lately gets no more for a while, against push fatigue (the login goes to
 * challenge/response, and the app still finds it by polling).
 */
function pushOutcomeBeforeSending(context: SlsContext, user: UserRow, device: DeviceRow): string {
  if (device.key_state === 'invalidated') return 'key_invalidated';
  if (!device.apns_token) return 'no_token';
  return context.limiters.loginPushesPerUser.hit(user.id) > 0 ? 'rate_limited' : 'sending';
}

/** Sends a started login's push, if it has one, without waiting: a slow APNs never holds up the portal. */
export function sendLoginPush(context: SlsContext, started: StartedLogin): void {
  if (!started.push) return;
  const { user, token, expiresAt } = started.push;
  const sending = deliverLoginPush(context, user, token, started.txid, expiresAt);
  context.inFlight.add(sending);
  void sending.finally(() => context.inFlight.delete(sending));
}

export async function buildPushPayload(
  context: SlsContext,
  user: UserRow,
  txid: string,
): Promise<PushPayload> {
  const nonce = await nonceFor(context, txid);
  return {
    aps: {
      alert: { title: portalText(user.locale, 'pushTitle'), body: portalText(user.locale, 'pushBody') },
      sound: 'default',
      category: 'IBKEY_APPROVAL',
    },
    ibkey: { v: 1, txid, nonce, sig: await signString(context.keys.signingKey, pushString({ txid, nonce })) },
  };
}

/** The push as a release that forgot to sign it would send it (fault push-without-signature). */
function withoutSignature({ ibkey: { sig: _sig, ...ibkey }, ...rest }: PushPayload) {
  return { ...rest, ibkey };
}

async function deliverLoginPush(
  context: SlsContext,
  user: UserRow,
  token: string,
  txid: string,
  expiresAt: Date,
): Promise<void> {
  try {
    const signed = await buildPushPayload(context, user, txid);
    const payload = faultOn('push-without-signature') ? withoutSignature(signed) : signed;
    const result = await context.push.send({
      deviceToken: token,
      payload,
      expiresAt,
      collapseId: `login-${txid.slice(0, 16)}`,
    });
    if (faultOn('push-outcome-not-recorded')) return;
    await context.db.transaction(async (tx) => {
      await tx.query('UPDATE login_transactions SET push_outcome = $2, push_detail = $3 WHERE txid = $1', [
        txid,
        result.outcome,
        result.detail ?? null,
      ]);
      await recordAudit(tx, {
        at: context.clock.now(),
        kind: 'push',
        outcome: result.outcome,
        userId: user.id,
        txid,
        detail: { status: result.status ?? null },
      });
    });
  } catch (error) {
    context.log(`push for a login of ${user.username} could not be recorded: ${(error as Error).message}`);
  }
}

/** The portal's poll, with RFC 8628's names; polling faster than half the interval gets slow_down. */
export async function pollLoginStatus(context: SlsContext, txid: string): Promise<LoginPollStatus> {
  const nowMs = performance.now();
  const previous = context.lastPolls.get(txid);
  context.lastPolls.set(txid, nowMs);
  if (previous !== undefined && nowMs - previous < (context.config.ttl.pollIntervalSeconds * 1000) / 2)
    return 'slow_down';
  return loginStatusNow(context, txid);
}

/** The transaction's status now, without counting as a poll (a held long poll looking again). */
export async function loginStatusNow(context: SlsContext, txid: string): Promise<LoginPollStatus> {
  const [row] = await context.db.query<TransactionRow>('SELECT * FROM login_transactions WHERE txid = $1', [
    txid,
  ]);
  if (!row) return 'expired_token';
  const status = statusOf(context, row);
  if (status !== 'authorization_pending') context.lastPolls.delete(txid);
  return status;
}

function statusOf(context: SlsContext, row: TransactionRow): LoginPollStatus {
  if (row.state === 'approved') return 'approved';
  if (row.state === 'denied' || isLocked(context, row)) return 'access_denied';
  return row.expires_at <= context.clock.now() ? 'expired_token' : 'authorization_pending';
}

/**
 * Too many wrong challenge/response answers lock the transaction for every path: no response,
 * no push approval, and the app's pending list no longer offers it (the customer logs in again).
 */
export function isLocked(context: SlsContext, row: Pick<TransactionRow, 'cr_failures'>): boolean {
  return row.cr_failures >= context.config.limits.challengeResponseFailuresPerTransaction;
}

export async function loginTransaction(
  context: SlsContext,
  txid: string,
): Promise<TransactionRow | undefined> {
  const [row] = await context.db.query<TransactionRow>('SELECT * FROM login_transactions WHERE txid = $1', [
    txid,
  ]);
  return row;
}

/** The app's answer to a push (or to a pending item it polled). A transaction is answered once. */
export async function answerLoginTransaction(
  context: SlsContext,
  request: AnswerRequest,
): Promise<AnswerResponse> {
  const device = await authenticateDevice(context, {
    name: 'answer',
    deviceId: request.deviceId,
    sig: request.sig,
    signed: answerString(request),
    signedShape: 'answer|txid|nonce|decision',
  });
  const now = context.clock.now();
  const result = await context.db.transaction(async (tx) => {
    // A recovery that revoked this device since it was read hands its login requests to the new one.
    const unusable = await lockUsableDevice(tx, device.id, 'share');
    if (unusable) return { error: unusable };
    const { rows } = faultOn('push-answer-from-any-device')
      ? await tx.query<TransactionRow>('SELECT * FROM login_transactions WHERE txid = $1 FOR UPDATE', [
          request.txid,
        ])
      : await tx.query<TransactionRow>(
          'SELECT * FROM login_transactions WHERE txid = $1 AND device_id = $2 FOR UPDATE',
          [request.txid, device.id],
        );
    const row = rows[0];
    if (!row)
      return {
        error: new ProtocolError(
          'UNKNOWN_TRANSACTION',
          `No login request ${request.txid} is waiting for this device.`,
        ),
      };
    const expected = new TextEncoder().encode(await nonceFor(context, row.txid));
    if (!constantTimeEqual(expected, new TextEncoder().encode(request.nonce))) {
      return { error: new ProtocolError('BAD_NONCE', 'The nonce does not belong to this login request.') };
    }
    if (row.state !== 'pending') {
      return {
        error: new ProtocolError('TRANSACTION_ANSWERED', `This login request was already ${row.state}.`),
      };
    }
    if (isLocked(context, row)) {
      await recordAudit(tx, {
        at: now,
        kind: 'answer',
        outcome: 'TRANSACTION_LOCKED',
        userId: row.user_id,
        txid: row.txid,
        deviceId: device.id,
      });
      return {
        error: new ProtocolError(
          'TRANSACTION_LOCKED',
          'This login request was locked after too many wrong challenge/response answers; log in again.',
        ),
      };
    }
    if (row.expires_at <= now) {
      await recordAudit(tx, {
        at: now,
        kind: 'answer',
        outcome: 'TRANSACTION_EXPIRED',
        userId: row.user_id,
        txid: row.txid,
        deviceId: device.id,
      });
      return {
        error: new ProtocolError('TRANSACTION_EXPIRED', 'This login request expired before it was answered.'),
      };
    }
    const state =
      request.decision === 'approve' || faultOn('deny-recorded-as-approve') ? 'approved' : 'denied';
    // The answer and its audit event in one round trip.
    await tx.query(
      `WITH answered AS (
         UPDATE login_transactions SET state = $2, answered_by = 'push', answered_at = $3 WHERE txid = $1 RETURNING txid
       )
       INSERT INTO audit_events (at, user_id, kind, outcome, serial, txid, device_id, detail)
       SELECT $3, $4, 'answer', $5, NULL, txid, $6, '{}' FROM answered`,
      [row.txid, state, now, row.user_id, state.toUpperCase(), device.id],
    );
    return { state } as const;
  });
  if ('error' in result) throw result.error;
  return { txid: request.txid, state: result.state };
}

/** What an app opened without a notification finds waiting, each item signed by the server. */
export async function pendingLoginTransactions(
  context: SlsContext,
  request: PendingRequest,
): Promise<PendingResponse> {
  const device = await authenticateDevice(context, {
    name: 'pending',
    deviceId: request.deviceId,
    ts: request.ts,
    sig: request.sig,
    signed: pendingString(request),
    signedShape: 'pending|deviceId|ts',
  });
  const now = context.clock.now();
  const rows = await context.db.query<TransactionRow>(
    `SELECT * FROM login_transactions WHERE device_id = $1 AND state = 'pending' AND expires_at > $2 AND cr_failures < $3
      ORDER BY created_at`,
    [device.id, now, context.config.limits.challengeResponseFailuresPerTransaction],
  );
  const transactions = await Promise.all(
    rows.map(async (row) => {
      const nonce = await nonceFor(context, row.txid);
      return {
        txid: row.txid,
        nonce,
        challenge: row.challenge,
        expiresAt: Math.floor(row.expires_at.getTime() / 1000),
        sig: await signString(context.keys.signingKey, pushString({ txid: row.txid, nonce })),
      };
    }),
  );
  return { transactions };
}

export type ChallengeResponseOutcome = 'approved' | 'bad_response' | 'answered' | 'expired' | 'locked';

/** The portal's check of an 8-digit response; accepted once, within the transaction's lifetime. */
export async function submitChallengeResponse(
  context: SlsContext,
  txid: string,
  response: string,
): Promise<ChallengeResponseOutcome> {
  const now = context.clock.now();
  return context.db.transaction(async (tx) => {
    // Only the device that holds IB Key now answers: not one a recovery or a move revoked.
    const { rows } = await tx.query<TransactionRow & { public_key: DeviceRow['public_key'] }>(
      `SELECT t.*, d.public_key FROM login_transactions t JOIN devices d ON d.id = t.device_id AND d.state = 'active'
        WHERE t.txid = $1 FOR UPDATE OF t`,
      [txid],
    );
    const row = rows[0];
    const audit = (outcome: string) =>
      recordAudit(tx, {
        at: now,
        kind: 'challenge_response',
        outcome,
        userId: row?.user_id ?? null,
        txid,
        deviceId: row?.device_id ?? null,
      });
    if (!row || row.expires_at <= now) {
      await audit('EXPIRED');
      return 'expired';
    }
    if (row.state !== 'pending') {
      await audit('ALREADY_ANSWERED');
      return 'answered';
    }
    if (isLocked(context, row)) {
      await audit('RATE_LIMITED');
      return 'locked';
    }
    const key = await deriveChallengeResponseKey(context.keys.signingKey, row.public_key, row.device_id);
    const accepted =
      faultOn('wrong-response-accepted') || (await checkChallengeResponse(key, row.challenge, response));
    if (!accepted) {
      await tx.query('UPDATE login_transactions SET cr_failures = cr_failures + 1 WHERE txid = $1', [txid]);
      const locked = isLocked(context, { cr_failures: row.cr_failures + 1 });
      await audit(locked ? 'LOCKED' : 'BAD_RESPONSE');
      return locked ? 'locked' : 'bad_response';
    }
    await tx.query(
      `UPDATE login_transactions SET state = 'approved', answered_by = 'challenge_response', answered_at = $2 WHERE txid = $1`,
      [txid, now],
    );
    await audit('APPROVED');
    return 'approved';
  });
}
