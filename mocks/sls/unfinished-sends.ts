// What a server that died (SIGKILL, a crash, a power cut) had not finished sending. A login push
// and a recovery's text are sent from memory after their row is written as 'sending'; no one else
// will ever change that row, so the next start settles it: the push's outcome is 'unknown' and the
// recovery's text 'SMS_UNKNOWN' (state sms_failed: its code can never complete it, the customer
// asks for a new one). Each gets an audit event, so support sees why.

import { recordAudit } from './audit.ts';
import type { SlsContext } from './context.ts';

export interface SettledSends {
  pushes: number;
  recoveries: number;
}

const WHY = 'the server stopped before it knew the outcome';

/** Settles, in one transaction, every send a previous run of the server left at 'sending'. */
export async function settleUnfinishedSends(context: SlsContext): Promise<SettledSends> {
  const now = context.clock.now();
  const settled = await context.db.transaction(async (tx) => {
    const { rows: pushes } = await tx.query<{ txid: string; user_id: string; device_id: string }>(
      `UPDATE login_transactions SET push_outcome = 'unknown', push_detail = $1
        WHERE push_outcome = 'sending' RETURNING txid, user_id, device_id`,
      [WHY],
    );
    for (const push of pushes) {
      await recordAudit(tx, {
        at: now,
        kind: 'push',
        outcome: 'unknown',
        userId: push.user_id,
        txid: push.txid,
        deviceId: push.device_id,
        detail: { settledAtStart: true, why: WHY },
      });
    }
    const { rows: recoveries } = await tx.query<{
      id: string;
      user_id: string;
      purpose: string;
      replaces_device_id: string;
    }>(
      `UPDATE recoveries SET state = 'sms_failed', outcome = 'SMS_UNKNOWN'
        WHERE state = 'sending' RETURNING id, user_id, purpose, replaces_device_id`,
    );
    for (const recovery of recoveries) {
      await recordAudit(tx, {
        at: now,
        kind: 'recovery',
        outcome: 'SMS_UNKNOWN',
        userId: recovery.user_id,
        deviceId: recovery.replaces_device_id,
        detail: { recoveryId: recovery.id, purpose: recovery.purpose, settledAtStart: true, why: WHY },
      });
    }
    return { pushes: pushes.length, recoveries: recoveries.length };
  });
  if (settled.pushes || settled.recoveries)
    context.log(
      `settled what the last run left unsent: ${settled.pushes} login push(es) now 'unknown', ${settled.recoveries} recovery text(s) now 'SMS_UNKNOWN'`,
    );
  return settled;
}
