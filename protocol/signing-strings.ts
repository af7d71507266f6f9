// The canonical strings that get signed. Fields are joined with "|"; no field may contain "|"
// (the message schemas restrict every field to an alphabet without it).

import type { DecisionValue } from './messages.ts';

export function enrollString(fields: {
  serial: string;
  credential: string;
  publicKeyThumbprint: string;
  apnsToken: string | null;
}): string {
  return [
    'enroll',
    fields.serial,
    fields.credential,
    fields.publicKeyThumbprint,
    fields.apnsToken ?? '',
  ].join('|');
}

/** Signed by the server key: proves to the app that a push or a pending item comes from the server. */
export function pushString(fields: { txid: string; nonce: string }): string {
  return ['push', fields.txid, fields.nonce].join('|');
}

export function answerString(fields: { txid: string; nonce: string; decision: DecisionValue }): string {
  return ['answer', fields.txid, fields.nonce, fields.decision].join('|');
}

export function pendingString(fields: { deviceId: string; ts: number }): string {
  return ['pending', fields.deviceId, String(fields.ts)].join('|');
}
