// Users and their IB Key devices, as the portal, the mobile API and the lab control API read them.

import { randomUUID } from 'node:crypto';
import type { Locale } from '../../product/index.ts';
import type { EnrollRequest, PublicJwk, RevokedReasonValue } from '../../protocol/index.ts';
import type { Queryable } from './database.ts';
import { hashPassword } from './password.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  phone: string | null;
  locale: Locale;
}

export interface DeviceRow {
  id: string;
  user_id: string;
  state: 'active' | 'revoked';
  public_key: PublicJwk;
  key_thumbprint: string;
  apns_token: string | null;
  model: string;
  os: string;
  app_version: string;
  biometry: string;
  activated_at: Date;
  revoked_reason: RevokedReasonValue | null;
  key_state: 'usable' | 'invalidated';
}

/**
 * What a new device row takes from the phone's request, for an enrollment and a recovery alike:
 * the values of id, user_id, public_key, key_thumbprint, apns_token, model, os, app_version, biometry.
 */
export function newDeviceValues(
  deviceId: string,
  userId: string,
  key: { publicKey: PublicJwk; thumbprint: string },
  request: Pick<EnrollRequest, 'apnsToken' | 'device'>,
): unknown[] {
  const { model, os, appVersion, biometry } = request.device;
  return [
    deviceId,
    userId,
    JSON.stringify(key.publicKey),
    key.thumbprint,
    request.apnsToken,
    model,
    os,
    appVersion,
    biometry,
  ];
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  locale: Locale;
  phone?: string | null;
}

export async function createUser(
  db: Queryable,
  user: NewUser,
  now: Date,
  scryptLogN: number,
): Promise<UserRow> {
  const passwordHash = await hashPassword(user.password, scryptLogN);
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (id, username, display_name, password_hash, phone, locale, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [randomUUID(), user.username, user.displayName, passwordHash, user.phone ?? null, user.locale, now],
  );
  return rows[0]!;
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE username = $1', [username]);
  return rows[0];
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0];
}

export async function findActiveDevice(db: Queryable, userId: string): Promise<DeviceRow | undefined> {
  const { rows } = await db.query<DeviceRow>(
    `SELECT * FROM devices WHERE user_id = $1 AND state = 'active'`,
    [userId],
  );
  return rows[0];
}

/** A device in any state: a revoked one still answers its old phone, with the reason. */
export async function findDeviceById(db: Queryable, deviceId: string): Promise<DeviceRow | undefined> {
  const { rows } = await db.query<DeviceRow>('SELECT * FROM devices WHERE id = $1', [deviceId]);
  return rows[0];
}
