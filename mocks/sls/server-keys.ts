// The server's own key pair (signs pushes, derives challenge/response keys) and the secret its
// nonces, credentials and SMS codes are derived from. Made once per database, so a restarted
// server keeps its identity; stored only sealed (AES-256-GCM) with a key that never enters the
// database, so the database alone gives away neither a live QR's credential nor a challenge's answer.

import { createCipheriv, createDecipheriv, createHash, randomBytes as nodeRandomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { recordGeneratedSecret } from '../../common/index.ts';
import {
  type Bytes,
  decodeBase64url,
  encodeBase64url,
  generateKeyPairJwk,
  hmacSha256,
  isBase64url,
  type PrivateJwk,
  type PublicJwk,
  publicPart,
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

/** Where the key that seals the server's secrets comes from; never from the database. */
export type SecretsKeySource =
  /** Made at random for this run: enough when the database lives no longer than the server, as every lab database does. */
  | { from: 'run'; key: Uint8Array }
  /** 32 bytes as 64 hex digits or 43 base64url characters, in an environment variable. */
  | { from: 'environment'; variable: string; value: string }
  /** A file readable by its owner only (0600) holding the key as hex, made at first start. */
  | { from: 'file'; path: string };

/** A key the server cannot use, said in a sentence for the person starting it. */
export class SecretsKeyError extends Error {
  override name = 'SecretsKeyError';
}

export const SECRETS_KEY_VARIABLE = 'LAB_SECRETS_KEY';
export const SECRETS_KEY_FILE_VARIABLE = 'LAB_SECRETS_KEY_FILE';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds a sealed blob to what it holds, so it cannot be replayed as anything else. */
const SEALED_WHAT = Buffer.from('ibkey-lab server_keys v1');

/** LAB_SECRETS_KEY, else LAB_SECRETS_KEY_FILE, else a key made at random for this run. */
export function secretsKeyFromEnvironment(env: NodeJS.ProcessEnv = process.env): SecretsKeySource {
  const value = env[SECRETS_KEY_VARIABLE];
  if (value) return { from: 'environment', variable: SECRETS_KEY_VARIABLE, value };
  const path = env[SECRETS_KEY_FILE_VARIABLE];
  if (path) return { from: 'file', path };
  return { from: 'run', key: nodeRandomBytes(KEY_BYTES) };
}

interface SealedRow {
  sealing_key_id: string;
  sealed_secrets: Buffer;
}

interface ServerSecrets {
  signingJwk: PrivateJwk;
  /** base64url */
  nonceSecret: string;
}

export async function loadServerKeys(db: Database, now: Date, source: SecretsKeySource): Promise<ServerKeys> {
  const readSealed = async () =>
    (await db.query<SealedRow>('SELECT sealing_key_id, sealed_secrets FROM server_keys WHERE id = 1'))[0];
  let sealed = await readSealed();
  const key = await openSecretsKey(source, sealed?.sealing_key_id);
  if (!sealed) {
    const fresh = await generateKeyPairJwk();
    const secrets: ServerSecrets = {
      signingJwk: fresh.privateJwk,
      nonceSecret: encodeBase64url(nodeRandomBytes(32)),
    };
    await db.query(
      `INSERT INTO server_keys (id, sealing_key_id, sealed_secrets, created_at) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO NOTHING`,
      [keyIdOf(key), seal(key, Buffer.from(JSON.stringify(secrets))), now],
    );
    // Another server may have made them first, on the same database: theirs win.
    sealed = await readSealed();
  }
  const secrets = unsealed(key, sealed!, source);
  const nonceSecret = decodeBase64url(secrets.nonceSecret);
  recordGeneratedSecret('private-key', secrets.signingJwk.d);
  return {
    signingKey: secrets.signingJwk,
    publicKey: publicPart(secrets.signingJwk),
    derive: (purpose, id) => hmacSha256(nonceSecret, `${purpose}|${id}`),
  };
}

/** A short name of a key (not the key): tells which key sealed a database, without revealing it. */
export function keyIdOf(key: Uint8Array): string {
  return createHash('sha256').update('ibkey-lab secrets key id|').update(key).digest('hex').slice(0, 16);
}

function seal(key: Uint8Array, plaintext: Buffer): Buffer {
  const iv = nodeRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(SEALED_WHAT);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function unsealed(key: Uint8Array, row: SealedRow, source: SecretsKeySource): ServerSecrets {
  const givenId = keyIdOf(key);
  if (row.sealing_key_id !== givenId)
    throw new SecretsKeyError(
      `This database's server secrets were sealed with key ${row.sealing_key_id}, not with ${keyOrigin(source)} (key ${givenId}): ` +
        `give the key they were sealed with (${SECRETS_KEY_VARIABLE} or ${SECRETS_KEY_FILE_VARIABLE}), or start on a fresh database.`,
    );
  try {
    const blob = row.sealed_secrets;
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES));
    decipher.setAAD(SEALED_WHAT);
    decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(plaintext.toString('utf8')) as ServerSecrets;
  } catch {
    throw new SecretsKeyError(
      `This database's server secrets do not open with their key ${givenId}: the sealed row was altered. Start on a fresh database.`,
    );
  }
}

function keyOrigin(source: SecretsKeySource): string {
  switch (source.from) {
    case 'run':
      return 'the key made at random for this run (a server that reopens a database needs that database’s key)';
    case 'environment':
      return `the key in ${source.variable}`;
    case 'file':
      return `the key in ${source.path}`;
  }
}

/** The key's bytes; a key file is made (0600) only for a database that holds no sealed secrets yet. */
async function openSecretsKey(source: SecretsKeySource, sealedWith: string | undefined): Promise<Uint8Array> {
  switch (source.from) {
    case 'run':
      return source.key;
    case 'environment': {
      const key = parseKey(source.value);
      if (!key)
        throw new SecretsKeyError(
          `${source.variable} is not a key: give 32 random bytes as 64 hex digits or 43 base64url characters (for example: openssl rand -hex 32).`,
        );
      return key;
    }
    case 'file':
      return openKeyFile(source.path, sealedWith);
  }
}

async function openKeyFile(path: string, sealedWith: string | undefined): Promise<Uint8Array> {
  const found = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new SecretsKeyError(
      `The secrets key file ${path} cannot be read (${error.code ?? error.message}).`,
    );
  });
  if (!found) {
    if (sealedWith)
      throw new SecretsKeyError(
        `The secrets key file ${path} does not exist, and this database's server secrets were sealed with key ${sealedWith}: ` +
          'put back the file that holds that key, or start on a fresh database.',
      );
    const key = nodeRandomBytes(KEY_BYTES);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // 'wx': never overwrite a key another server wrote meanwhile; it is read below instead.
    await writeFile(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' }).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST')
          throw new SecretsKeyError(
            `The secrets key file ${path} cannot be written (${error.code ?? error.message}).`,
          );
      },
    );
    return openKeyFile(path, sealedWith);
  }
  if (!found.isFile()) throw new SecretsKeyError(`The secrets key file ${path} is not a file.`);
  if ((found.mode & 0o077) !== 0)
    throw new SecretsKeyError(
      `The secrets key file ${path} can be read by others (mode ${(found.mode & 0o777).toString(8).padStart(4, '0')}): ` +
        `make it private with "chmod 600 ${path}".`,
    );
  const key = parseKey((await readFile(path, 'utf8')).trim());
  if (!key)
    throw new SecretsKeyError(
      `The secrets key file ${path} does not hold a key: it takes 32 random bytes as 64 hex digits (for example: openssl rand -hex 32).`,
    );
  return key;
}

function parseKey(text: string): Uint8Array | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (isBase64url(text, KEY_BYTES)) return decodeBase64url(text);
  return undefined;
}
