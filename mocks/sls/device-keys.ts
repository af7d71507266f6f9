// Part D of the protocol when the phone still has its device: a restore signed by a key that
// survived a reinstall or an iOS update re-binds the APNs token; a key the biometric change made
// unusable is reported with a push the device received, since it can no longer sign.

import { faultOn } from '../../product/index.ts';
import {
  constantTimeEqual,
  type EnrollResponse,
  type KeyInvalidatedRequest,
  type KeyInvalidatedResponse,
  ProtocolError,
  type RestoreRequest,
  restoreString,
} from '../../protocol/index.ts';
import { enrollAnswer } from './activations.ts';
import { recordAudit } from './audit.ts';
import type { SlsContext } from './context.ts';
import { authenticateDevice, lockUsableDevice, requireDevice, whyUnusable } from './device-requests.ts';
import { nonceFor } from './login-transactions.ts';
import type { DeviceRow } from './users.ts';

export async function restoreDevice(context: SlsContext, request: RestoreRequest): Promise<EnrollResponse> {
  const device = await authenticateDevice(context, {
    name: 'restore',
    deviceId: request.deviceId,
    ts: request.ts,
    sig: request.sig,
    signed: restoreString(request),
    signedShape: 'restore|deviceId|apnsToken|ts',
  });
  const refused = await context.db.transaction(async (tx) => {
    const unusable = await lockUsableDevice(tx, device.id, 'update');
    if (unusable) return unusable;
    if (!faultOn('restore-keeps-old-apns-token'))
      await tx.query('UPDATE devices SET apns_token = $2 WHERE id = $1', [device.id, request.apnsToken]);
    await recordAudit(tx, {
      at: context.clock.now(),
      kind: 'restore',
      outcome: 'RESTORED',
      userId: device.user_id,
      deviceId: device.id,
      detail: {
        withApnsToken: request.apnsToken !== null,
        apnsTokenChanged: request.apnsToken !== device.apns_token,
      },
    });
    return undefined;
  });
  if (refused) throw refused;
  return enrollAnswer(context, device.id);
}

/**
 * The report cannot be signed, so it proves possession of the nonce of a login request the server
 * pushed to this very device and that is still waiting: only Apple and the phone ever saw it.
 * Someone who knows only the deviceId cannot disable a device.
 */
export async function reportKeyInvalidated(
  context: SlsContext,
  request: KeyInvalidatedRequest,
): Promise<KeyInvalidatedResponse> {
  const device = await requireDevice(context, request.deviceId);
  const now = context.clock.now();
  const expectedNonce = new TextEncoder().encode(await nonceFor(context, request.txid));
  const outcome = await context.db.transaction(async (tx) => {
    const { rows: devices } = await tx.query<
      Pick<DeviceRow, 'state' | 'revoked_reason' | 'key_state'> & { key_invalidated_at: Date }
    >('SELECT state, revoked_reason, key_state, key_invalidated_at FROM devices WHERE id = $1 FOR UPDATE', [
      device.id,
    ]);
    const { rows } = await tx.query<{ state: string; expires_at: Date }>(
      'SELECT state, expires_at FROM login_transactions WHERE txid = $1 AND device_id = $2',
      [request.txid, device.id],
    );
    const transaction = rows[0];
    if (!transaction)
      return new ProtocolError(
        'UNKNOWN_TRANSACTION',
        `No login request ${request.txid} was sent to this device.`,
      );
    if (!constantTimeEqual(expectedNonce, new TextEncoder().encode(request.nonce)))
      return new ProtocolError('BAD_NONCE', 'The nonce does not belong to this login request.');
    if (transaction.state !== 'pending')
      return new ProtocolError(
        'TRANSACTION_ANSWERED',
        `This login request was already ${transaction.state}; report with one that is waiting.`,
      );
    if (transaction.expires_at <= now)
      return new ProtocolError(
        'TRANSACTION_EXPIRED',
        'This login request expired; report with one that is waiting.',
      );
    const current = devices[0]!;
    if (current.key_state === 'invalidated') return { keyInvalidatedAt: current.key_invalidated_at };
    const unusable = whyUnusable(current);
    if (unusable) return unusable;
    await tx.query(`UPDATE devices SET key_state = 'invalidated', key_invalidated_at = $2 WHERE id = $1`, [
      device.id,
      now,
    ]);
    await recordAudit(tx, {
      at: now,
      kind: 'device',
      outcome: 'KEY_INVALIDATED',
      userId: device.user_id,
      txid: request.txid,
      deviceId: device.id,
      detail: { reportedWith: 'push' },
    });
    return { keyInvalidatedAt: now };
  });
  if (outcome instanceof ProtocolError) throw outcome;
  return {
    deviceId: device.id,
    keyState: 'invalidated',
    keyInvalidatedAt: Math.floor(outcome.keyInvalidatedAt.getTime() / 1000),
  };
}
