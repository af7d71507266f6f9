import type { Queryable } from './database.ts';

export interface AuditEvent {
  at: Date;
  kind:
    | 'login'
    | 'activation_issued'
    | 'enroll'
    | 'push'
    | 'answer'
    | 'challenge_response'
    | 'logout'
    | 'restore'
    | 'recovery'
    /** What happened to a device itself: BAD_SIGNATURE, KEY_INVALIDATED, REVOKED. */
    | 'device';
  outcome: string;
  userId?: string | null;
  serial?: string | null;
  txid?: string | null;
  deviceId?: string | null;
  /** Never a secret: no password, credential, nonce or key goes here. */
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Queryable, event: AuditEvent): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (at, user_id, kind, outcome, serial, txid, device_id, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      event.at,
      event.userId ?? null,
      event.kind,
      event.outcome,
      event.serial ?? null,
      event.txid ?? null,
      event.deviceId ?? null,
      JSON.stringify(event.detail ?? {}),
    ],
  );
}
