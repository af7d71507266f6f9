// The server's own key pair (signs pushes, derives challenge/response keys) and the secret its
// nonces are derived from. Made once per database, so a restarted server keeps its identity.

import { recordGeneratedSecret } from '../../common/index.ts';
import {
  type Bytes,
  generateKeyPairJwk,
  hmacSha256,
  type PrivateJwk,
  type PublicJwk,
  publicPart,
  randomBytes,
} from '../../protocol/index.ts';
import type { Database } from './database.ts';

export interface ServerKeys {
  signingKey: PrivateJwk;
  publicKey: PublicJwk;
  /**
   * HMAC(secret, purpose|id): values the server can recompute instead of storing, such as the
   * nonce of a transaction (compared when the answer arrives) or the credential of an activation;
   * or that it keeps without being able to reverse them offline, such as a recovery's SMS code.
   */
  derive(purpose: 'nonce' | 'credential' | 'sms-code', id: string): Promise<Bytes>;
}

export async function loadServerKeys(db: Database, now: Date): Promise<ServerKeys> {
  const fresh = await generateKeyPairJwk();
  await db.query(
    `INSERT INTO server_keys (id, signing_jwk, nonce_secret, created_at) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(fresh.privateJwk), Buffer.from(randomBytes(32)), now],
  );
  const [row] = await db.query<{ signing_jwk: PrivateJwk; nonce_secret: Buffer }>(
    'SELECT signing_jwk, nonce_secret FROM server_keys WHERE id = 1',
  );
  const secret = new Uint8Array(row!.nonce_secret);
  recordGeneratedSecret('private-key', row!.signing_jwk.d);
  return {
    signingKey: row!.signing_jwk,
    publicKey: publicPart(row!.signing_jwk),
    derive: (purpose, id) => hmacSha256(secret, `${purpose}|${id}`),
  };
}
