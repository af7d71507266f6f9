// Portal sessions live in the database; the cookie holds a random id and the table only its hash.

import { constantTimeEqual, decodeBase64url, isBase64url, sha256 } from '../../protocol/index.ts';
import type { SlsContext } from './context.ts';
import { newCsrfToken, newSessionId } from './identifiers.ts';
import { addSeconds } from './lab-clock.ts';

export const SESSION_COOKIE = 'ibkl_sid';

export type SessionStage = 'anonymous' | 'gate' | 'second_factor' | 'authenticated';

export interface PortalSession {
  idHash: Buffer;
  userId: string | null;
  stage: SessionStage;
  csrfToken: string;
  activationSerial: string | null;
  txid: string | null;
}

async function hashId(id: string): Promise<Buffer> {
  return Buffer.from(await sha256(id));
}

export async function createSession(
  context: SlsContext,
  fields: Partial<Omit<PortalSession, 'idHash' | 'csrfToken'>> = {},
): Promise<{ cookieValue: string; session: PortalSession }> {
  const cookieValue = newSessionId();
  const now = context.clock.now();
  const session: PortalSession = {
    idHash: await hashId(cookieValue),
    userId: fields.userId ?? null,
    stage: fields.stage ?? 'anonymous',
    csrfToken: newCsrfToken(),
    activationSerial: fields.activationSerial ?? null,
    txid: fields.txid ?? null,
  };
  await context.db.query(
    `INSERT INTO portal_sessions (id_hash, user_id, stage, csrf_token, activation_serial, txid, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      session.idHash,
      session.userId,
      session.stage,
      session.csrfToken,
      session.activationSerial,
      session.txid,
      now,
      addSeconds(now, context.config.ttl.sessionSeconds),
    ],
  );
  return { cookieValue, session };
}

export async function loadSession(
  context: SlsContext,
  cookieValue: string | undefined,
): Promise<PortalSession | undefined> {
  if (!cookieValue || !isBase64url(cookieValue, 32)) return undefined;
  const [row] = await context.db.query<{
    id_hash: Buffer;
    user_id: string | null;
    stage: SessionStage;
    csrf_token: string;
    activation_serial: string | null;
    txid: string | null;
  }>('SELECT * FROM portal_sessions WHERE id_hash = $1 AND expires_at > $2', [
    await hashId(cookieValue),
    context.clock.now(),
  ]);
  if (!row) return undefined;
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    stage: row.stage,
    csrfToken: row.csrf_token,
    activationSerial: row.activation_serial,
    txid: row.txid,
  };
}

export async function setSessionStage(
  context: SlsContext,
  session: PortalSession,
  stage: SessionStage,
): Promise<void> {
  await context.db.query('UPDATE portal_sessions SET stage = $2 WHERE id_hash = $1', [session.idHash, stage]);
  session.stage = stage;
}

export async function endSession(context: SlsContext, session: PortalSession): Promise<void> {
  await context.db.query('DELETE FROM portal_sessions WHERE id_hash = $1', [session.idHash]);
}

export function csrfMatches(session: PortalSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || !isBase64url(submitted, 24)) return false;
  return constantTimeEqual(decodeBase64url(session.csrfToken), decodeBase64url(submitted));
}
