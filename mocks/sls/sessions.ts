// Portal sessions live in the database; the cookie holds a random id and the table only its hash.
// An anonymous session's CSRF token doubles as its login form's one-time token, and expired
// sessions (most of them anonymous: every first visit makes one) are purged as new ones are made.

import { constantTimeEqual, decodeBase64url, isBase64url, sha256 } from '../../protocol/index.ts';
import type { SlsContext } from './context.ts';
import type { Queryable } from './database.ts';
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

/** How often (lab seconds) expired sessions are purged: at most once a minute, whatever the traffic. */
const PURGE_EVERY_SECONDS = 60;
const lastPurges = new WeakMap<SlsContext, number>();

/** On its own connection, outside the caller's transaction: a purge is nobody's user action. */
async function purgeExpiredSessions(context: SlsContext): Promise<void> {
  const now = context.clock.nowSeconds();
  const last = lastPurges.get(context);
  if (last !== undefined && now - last < PURGE_EVERY_SECONDS) return;
  lastPurges.set(context, now);
  await context.db.query('DELETE FROM portal_sessions WHERE expires_at <= $1', [context.clock.now()]);
}

/** A new session; `db` is the transaction of the user action that makes it, when there is one. */
export async function createSession(
  context: SlsContext,
  fields: Partial<Omit<PortalSession, 'idHash' | 'csrfToken'>> = {},
  db: Queryable = context.db.pool,
): Promise<{ cookieValue: string; session: PortalSession }> {
  await purgeExpiredSessions(context);
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
  await db.query(
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

export async function endSession(
  context: SlsContext,
  session: PortalSession,
  db: Queryable = context.db.pool,
): Promise<void> {
  await db.query('DELETE FROM portal_sessions WHERE id_hash = $1', [session.idHash]);
}

/**
 * Uses up the login form of an anonymous session: its token is replaced in one statement, so of
 * several submissions of one form (a double click, a replay) exactly one goes on to the password
 * check. Returns the token of the next form, or undefined when the form was not this session's
 * current one (already used, or forged).
 */
export async function useLoginForm(
  context: SlsContext,
  session: PortalSession,
  submitted: unknown,
): Promise<string | undefined> {
  if (session.stage !== 'anonymous' || !csrfMatches(session, submitted)) return undefined;
  const next = newCsrfToken();
  const [used] = await context.db.query<{ id_hash: Buffer }>(
    `UPDATE portal_sessions SET csrf_token = $3
      WHERE id_hash = $1 AND csrf_token = $2 AND stage = 'anonymous' AND expires_at > $4 RETURNING id_hash`,
    [session.idHash, session.csrfToken, next, context.clock.now()],
  );
  if (!used) return undefined;
  session.csrfToken = next;
  return next;
}

export function csrfMatches(session: PortalSession, submitted: unknown): boolean {
  if (typeof submitted !== 'string' || !isBase64url(submitted, 24)) return false;
  return constantTimeEqual(decodeBase64url(session.csrfToken), decodeBase64url(submitted));
}
