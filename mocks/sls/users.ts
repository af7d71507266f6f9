// Users and their IB Key devices, as the portal, the mobile API and the lab control API read them.

import { randomUUID } from 'node:crypto';
import type { Locale } from '../../product/index.ts';
import {
  type EnrollRequest,
  ProtocolError,
  type PublicJwk,
  type RevokedReasonValue,
} from '../../protocol/index.ts';
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

/** What a username may hold: ASCII letters, digits and . _ - (so case folds the same everywhere). */
const USERNAME_SHAPE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The one form of a username that lookups and login limits use: usernames ignore case, so
 * "Jane.Doe1" and "jane.doe1" are one user and share one limit. Only ASCII letters fold, as
 * PostgreSQL's lower() folds the ASCII names stored; a name with a NUL byte is refused (400).
 */
export function usernameKey(username: string): string {
  refuseNul('username', username);
  return username.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** PostgreSQL cannot store a NUL byte in text: say so with a 400 rather than fail with a 500. */
function refuseNul(field: string, value: string): void {
  if (value.includes('\0'))
    throw new ProtocolError(
      'INVALID_REQUEST',
      `${field} contains a NUL byte (\\u0000), which no ${field} can hold.`,
    );
}

export async function createUser(
  db: Queryable,
  user: NewUser,
  now: Date,
  scryptLogN: number,
): Promise<UserRow> {
  refuseNul('username', user.username);
  refuseNul('displayName', user.displayName);
  if (!USERNAME_SHAPE.test(user.username))
    throw new ProtocolError(
      'INVALID_REQUEST',
      `username "${user.username}" must be 1 to 64 ASCII letters, digits, dots, underscores or hyphens.`,
    );
  const passwordHash = await hashPassword(user.password, scryptLogN);
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (id, username, display_name, password_hash, phone, locale, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [randomUUID(), user.username, user.displayName, passwordHash, user.phone ?? null, user.locale, now],
  );
  return rows[0]!;
}

/** The user with this username, whatever its case (see usernameKey). */
export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('SELECT * FROM users WHERE lower(username) = $1', [
    usernameKey(username),
  ]);
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
