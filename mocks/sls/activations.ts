// Part A of the protocol: issuing an activation for the gate, and redeeming it from a phone.

import { randomUUID } from 'node:crypto';
import { recordGeneratedSecret } from '../../common/index.ts';
import { faultOn } from '../../product/index.ts';
import {
  buildActivationLink,
  constantTimeEqual,
  type EnrollRequest,
  type EnrollResponse,
  ERROR_CODES,
  type ErrorCode,
  encodeBase64url,
  enrollString,
  jwkThumbprint,
  ProtocolError,
  parsePublicJwk,
  sha256,
  verifyString,
} from '../../protocol/index.ts';
import { recordAudit } from './audit.ts';
import type { SlsContext } from './context.ts';
import type { Queryable } from './database.ts';
import { newActivationCode, newSerial } from './identifiers.ts';
import { addSeconds } from './lab-clock.ts';
import { newDeviceValues } from './users.ts';

export interface IssuedActivation {
  serial: string;
  code: string;
  link: string;
  expiresAt: Date;
}

export type GateState = 'pending' | 'active' | 'expired' | 'failed';

/**
 * The credential is derived from a server secret and the serial, so the gate can show the same
 * QR again after a reload while the database keeps only its hash.
 */
async function credentialFor(context: SlsContext, serial: string): Promise<string> {
  const credential = encodeBase64url((await context.keys.derive('credential', serial)).slice(0, 20));
  recordGeneratedSecret('activation-credential', credential);
  return credential;
}

/** Issues the gate's activation, with its audit event, in `tx`: the login that shows the gate. */
export async function issueActivation(
  context: SlsContext,
  userId: string,
  tx: Queryable,
): Promise<IssuedActivation> {
  const now = context.clock.now();
  const serial = newSerial();
  const code = newActivationCode();
  const credential = await credentialFor(context, serial);
  const ttlSeconds = context.config.ttl.activationSeconds * (faultOn('activation-ttl-in-minutes') ? 60 : 1);
  const expiresAt = addSeconds(now, ttlSeconds);
  await tx.query(
    `INSERT INTO activations (serial, user_id, credential_hash, code, state, issued_at, expires_at)
     VALUES ($1, $2, $3, $4, 'issued', $5, $6)`,
    [serial, userId, Buffer.from(await sha256(credential)), code, now, expiresAt],
  );
  await recordAudit(tx, { at: now, kind: 'activation_issued', outcome: 'ISSUED', userId, serial });
  return { serial, code, expiresAt, link: buildActivationLink(context.portalBaseUrl, serial, credential) };
}

/** The same activation again, for a reload of the gate. */
export async function showActivation(
  context: SlsContext,
  serial: string,
): Promise<IssuedActivation & { state: GateState }> {
  const [row] = await context.db.query<ActivationStateRow & { code: string }>(
    'SELECT code, expires_at, state, outcome FROM activations WHERE serial = $1',
    [serial],
  );
  if (!row) throw new Error(`Activation ${serial} does not exist`);
  const credential = await credentialFor(context, serial);
  return {
    serial,
    code: row.code,
    expiresAt: row.expires_at,
    link: buildActivationLink(context.portalBaseUrl, serial, credential),
    state: gateState(row, context.clock.now()),
  };
}

export async function activationGateState(context: SlsContext, serial: string): Promise<GateState> {
  const [row] = await context.db.query<ActivationStateRow>(
    'SELECT state, outcome, expires_at FROM activations WHERE serial = $1',
    [serial],
  );
  return row ? gateState(row, context.clock.now()) : 'failed';
}

interface ActivationStateRow {
  state: string;
  outcome: string | null;
  expires_at: Date;
}

/**
 * What the gate tells the customer, from what the server knows whenever it looks: a QR scanned
 * after it expired says "expired" (its outcome), as one that expired unscanned does; only a QR
 * consumed for another reason (IB Key already active) "can no longer be used".
 */
function gateState(row: ActivationStateRow, now: Date): GateState {
  if (row.state === 'activated') return faultOn('gate-never-advances') ? 'pending' : 'active';
  if (row.state === 'failed') return row.outcome === 'EXPIRED' ? 'expired' : 'failed';
  return row.expires_at <= now ? 'expired' : 'pending';
}

const ENROLL_FAILURES: Partial<Record<ErrorCode, string>> = {
  UNKNOWN_ACTIVATION: 'This QR code does not belong to any activation.',
  CREDENTIAL_USED:
    'This QR code was already used for an activation attempt. Log out and in again for a new one.',
  BAD_CREDENTIAL: 'The credential does not match this QR code; scan the QR code the portal shows.',
  EXPIRED: 'This QR code has expired. Log out and in again for a new one.',
  ALREADY_ACTIVE: 'IB Key is already active for this user on another device.',
};

/**
 * Redeems an activation. Checks that need no state (key, signature) come first. Then ONE transaction
 * with the activation row locked. The credential is checked before anything else about the
 * activation: a request without it proves nothing about the QR (anyone can sign with a key of their
 * own), so it changes nothing and learns nothing, and cannot burn someone's QR with the serial
 * alone. An attempt with the credential consumes the activation whatever follows, and exactly one
 * racing device can win.
 */
export async function redeemActivation(
  context: SlsContext,
  request: EnrollRequest,
  client: string,
): Promise<EnrollResponse> {
  const publicKey = await parsePublicJwk(request.publicKey);
  const thumbprint = await jwkThumbprint(publicKey);
  const signed = enrollString({ ...request, publicKeyThumbprint: thumbprint });
  if (!(await verifyString(publicKey, signed, request.sig))) {
    throw new ProtocolError(
      'BAD_SIGNATURE',
      'sig does not verify over enroll|serial|credential|thumbprint|apnsToken with publicKey.',
    );
  }
  const wait = context.limiters.enrollPerClient.hit(client);
  if (wait > 0) throw enrollRateLimited(wait);

  const now = context.clock.now();
  const outcome = await context.db.transaction(async (tx): Promise<Redemption> => {
    const { rows } = await tx.query<{
      user_id: string;
      state: string;
      credential_hash: Buffer;
      expires_at: Date;
    }>('SELECT user_id, state, credential_hash, expires_at FROM activations WHERE serial = $1 FOR UPDATE', [
      request.serial,
    ]);
    const activation = rows[0];
    const auditDetail = {
      client,
      keyThumbprint: thumbprint,
      model: request.device.model,
      withApnsToken: request.apnsToken !== null,
    };
    const audit = async (outcome: string, userId: string | null) => {
      if (faultOn('enroll-audit-not-written')) return;
      await recordAudit(tx, {
        at: now,
        kind: 'enroll',
        outcome,
        userId,
        serial: request.serial,
        detail: auditDetail,
      });
    };
    if (!activation) {
      await audit('UNKNOWN_ACTIVATION', null);
      return { error: 'UNKNOWN_ACTIVATION' as const };
    }
    const presented = await sha256(request.credential);
    if (!constantTimeEqual(presented, new Uint8Array(activation.credential_hash))) {
      // Only wrong credentials count against the serial: its holder is never held back by them.
      const retryAfter = context.limiters.enrollPerSerial.hit(request.serial);
      await audit(retryAfter > 0 ? 'RATE_LIMITED' : 'BAD_CREDENTIAL', activation.user_id);
      return retryAfter > 0 ? { retryAfter } : { error: 'BAD_CREDENTIAL' };
    }
    if (activation.state !== 'issued' && !faultOn('used-qr-accepted-again')) {
      await audit('CREDENTIAL_USED', activation.user_id);
      return { error: 'CREDENTIAL_USED' as const };
    }
    const fail = async (code: ErrorCode) => {
      await tx.query(
        `UPDATE activations SET state = 'failed', outcome = $2, attempted_at = $3 WHERE serial = $1`,
        [request.serial, code, now],
      );
      await audit(code, activation.user_id);
      return { error: code };
    };
    if (activation.expires_at <= now && !faultOn('expired-qr-accepted'))
      return fail(faultOn('expired-mapped-to-used') ? 'CREDENTIAL_USED' : 'EXPIRED');
    if (faultOn('second-device-allowed'))
      await tx.query(
        `UPDATE devices SET state = 'revoked', revoked_reason = 'recovered', revoked_at = $2 WHERE user_id = $1 AND state = 'active'`,
        [activation.user_id, now],
      );
    const deviceId = randomUUID();
    // One statement, one round trip: the device (unless the user already has an active one: the
    // one-active-device index decides, waiting for a racing activation of the same user), the
    // activation's outcome and its audit event.
    const { rows: done } = await tx.query<{ outcome: string }>(
      `WITH device AS (
         INSERT INTO devices (id, user_id, state, public_key, key_thumbprint, apns_token, model, os, app_version,
                              biometry, activation_serial, activated_at)
         VALUES ($1, $2, 'active', $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (user_id) WHERE state = 'active' DO NOTHING
         RETURNING id
       ), activation AS (
         UPDATE activations
            SET state = CASE WHEN EXISTS (SELECT 1 FROM device) THEN 'activated' ELSE 'failed' END,
                outcome = CASE WHEN EXISTS (SELECT 1 FROM device) THEN 'ACTIVATED' ELSE 'ALREADY_ACTIVE' END,
                attempted_at = $11,
                device_id = (SELECT id FROM device)
          WHERE serial = $10
         RETURNING outcome
       )
       INSERT INTO audit_events (at, user_id, kind, outcome, serial, txid, device_id, detail)
       SELECT $11, $2, 'enroll', outcome, $10, NULL, (SELECT id FROM device), $12 FROM activation
       RETURNING outcome`,
      [
        ...newDeviceValues(deviceId, activation.user_id, { publicKey, thumbprint }, request),
        request.serial,
        now,
        JSON.stringify(auditDetail),
      ],
    );
    if (done[0]?.outcome !== 'ACTIVATED') return { error: 'ALREADY_ACTIVE' as const };
    return { deviceId };
  });

  if ('retryAfter' in outcome) throw enrollRateLimited(outcome.retryAfter);
  if ('error' in outcome)
    throw new ProtocolError(
      outcome.error,
      ENROLL_FAILURES[outcome.error] ?? ERROR_CODES[outcome.error].meaning,
    );
  return enrollAnswer(context, outcome.deviceId);
}

type Redemption = { deviceId: string } | { error: ErrorCode } | { retryAfter: number };

function enrollRateLimited(retryAfter: number): ProtocolError {
  return new ProtocolError('RATE_LIMITED', `Too many activation attempts; retry in ${retryAfter} seconds.`, {
    retryAfter,
  });
}

/** What the app keeps with its key: the same after an enrollment, a restore or a recovery. */
export function enrollAnswer(context: SlsContext, deviceId: string): EnrollResponse {
  return {
    v: 1,
    deviceId,
    serverPublicKey: context.keys.publicKey,
    challengeResponse: { algorithm: 'IBKEY-CR-HS256-8', challengeDigits: 6, responseDigits: 8 },
  };
}
