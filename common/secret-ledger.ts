// Lets the report tests prove no secret leaks: with LAB_SECRET_LEDGER set to a file (outside
// the output folder), every part of the lab appends each secret it generates (passwords,
// activation credentials, nonces, private keys, the lab control token) to it, one JSON line each.
// Off otherwise.

import { appendFileSync } from 'node:fs';

export type SecretKind = 'password' | 'activation-credential' | 'nonce' | 'private-key' | 'control-token';

const recorded = new Set<string>();

export function recordGeneratedSecret(kind: SecretKind, value: string): void {
  const ledger = process.env.LAB_SECRET_LEDGER;
  if (!ledger || recorded.has(value)) return;
  recorded.add(value);
  appendFileSync(ledger, `${JSON.stringify({ kind, value })}\n`);
}
