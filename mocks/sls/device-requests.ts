// Who sent a request signed by a device key (pending, answer, restore), checked the same way for
// each: the device exists, the request is fresh, the signature verifies (a failure is audited per
// device), and the device still holds the user's IB Key (else DEVICE_REVOKED with the reason).

import { faultOn } from '../../product/index.ts';
import { DEFAULT_TTL, ProtocolError, verifyString } from '../../protocol/index.ts';
import { recordAudit } from './audit.ts';
import type { SlsContext } from './context.ts';
import type { Queryable } from './database.ts';
import { type DeviceRow, findDeviceById } from './users.ts';

export interface SignedDeviceRequest {
  /** What the request is called in the audit trail. */
  name: 'pending' | 'answer' | 'restore';
  deviceId: string;
  sig: string;
  /** The canonical string the device signed, and how the protocol writes it (for the message). */
  signed: string;
  signedShape: string;
  /** Unix seconds, for requests that carry a timestamp. */
  ts?: number;
}

/** The device with this id, in whatever state, or UNKNOWN_DEVICE. */
export async function requireDevice(context: SlsContext, deviceId: string): Promise<DeviceRow> {
  const device = await findDeviceById(context.db.pool, deviceId);
  if (!device) throw new ProtocolError('UNKNOWN_DEVICE', `No IB Key device has deviceId ${deviceId}.`);
  return device;
}

export async function authenticateDevice(
  context: SlsContext,
  request: SignedDeviceRequest,
): Promise<DeviceRow> {
  const device = await requireDevice(context, request.deviceId);
  if (request.ts !== undefined && !faultOn('stale-request-accepted')) {
    const skew = context.config.ttl.requestClockSkewSeconds ?? DEFAULT_TTL.requestClockSkewSeconds;
    if (Math.abs(request.ts - context.clock.nowSeconds()) > skew) {
      throw new ProtocolError(
        'STALE_REQUEST',
        `ts is more than ${skew} seconds away from server time; check the phone's clock.`,
      );
    }
  }
  if (!(await verifyString(device.public_key, request.signed, request.sig))) {
    await recordAudit(context.db.pool, {
      at: context.clock.now(),
      kind: 'device',
      outcome: 'BAD_SIGNATURE',
      userId: device.user_id,
      deviceId: device.id,
      detail: { request: request.name },
    });
    throw new ProtocolError(
      'BAD_SIGNATURE',
      `sig does not verify over ${request.signedShape} with the device key.`,
    );
  }
  const unusable = whyUnusable(device);
  if (unusable) throw unusable;
  return device;
}

/**
 * Inside a transaction: locks the device row (FOR SHARE to act on its login requests, FOR UPDATE
 * to change it) and says why it can no longer be used, if a recovery or a report got there first.
 * Device rows are always locked before login request rows, so a recovery never deadlocks with an answer.
 */
export async function lockUsableDevice(
  tx: Queryable,
  deviceId: string,
  mode: 'share' | 'update',
): Promise<ProtocolError | undefined> {
  const { rows } = await tx.query<Pick<DeviceRow, 'state' | 'revoked_reason' | 'key_state'>>(
    `SELECT state, revoked_reason, key_state FROM devices WHERE id = $1 FOR ${mode === 'share' ? 'SHARE' : 'UPDATE'}`,
    [deviceId],
  );
  return rows[0] ? whyUnusable(rows[0]) : undefined;
}

export function whyUnusable(
  device: Pick<DeviceRow, 'state' | 'revoked_reason' | 'key_state'>,
): ProtocolError | undefined {
  if (device.state === 'revoked') {
    // The schema gives every revoked device a reason.
    const reason = device.revoked_reason!;
    return new ProtocolError(
      'DEVICE_REVOKED',
      reason === 'moved'
        ? 'IB Key has moved to another phone; this phone can no longer approve logins.'
        : 'IB Key was recovered with a new key; this key can no longer approve logins.',
      { reason },
    );
  }
  if (device.key_state === 'invalidated') {
    return new ProtocolError(
      'KEY_INVALIDATED',
      "This device's key was reported unusable (the biometric enrolment changed); recover IB Key with your password and an SMS code.",
    );
  }
  return undefined;
}
