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

/** Part D, key still valid: signed by the device key it proves to hold. */
export function restoreString(fields: { deviceId: string; apnsToken: string | null; ts: number }): string {
  return ['restore', fields.deviceId, fields.apnsToken ?? '', String(fields.ts)].join('|');
}

/** Parts D and E by SMS code: signed by the NEW device key, binding it to the code it answers. */
export function recoverString(fields: {
  recoveryId: string;
  smsCode: string;
  publicKeyThumbprint: string;
  apnsToken: string | null;
}): string {
  return [
    'recover',
    fields.recoveryId,
    fields.smsCode,
    fields.publicKeyThumbprint,
    fields.apnsToken ?? '',
  ].join('|');
}
