// The server's secrets at rest (issue 14 item 6): sealed in the database with a key kept outside
// it; a restart with the same key keeps the server's identity; a wrong, missing or malformed key,
// or a key file others can read, stops the start with a sentence that says what to do.

import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIsolatedDatabase, type IsolatedDatabase } from '../state/index.ts';
import { defaultConfig } from './config.ts';
import { startSlsServer } from './server.ts';
import { keyIdOf, SecretsKeyError, type SecretsKeySource } from './server-keys.ts';
import { withClient } from './test-support/database-fingerprint.ts';

let folder: string;
const databases: IsolatedDatabase[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ibkey-lab-secrets-test-'));
});
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  await rm(folder, { recursive: true, force: true });
});

async function freshDatabase(): Promise<IsolatedDatabase> {
  const database = await createIsolatedDatabase(inject('storeUrl'), 'server_keys');
  databases.push(database);
  return database;
}

/** Starts a server on the database with this key, and answers its public key (then stops it). */
async function publicKeyWith(database: IsolatedDatabase, secretsKey: SecretsKeySource): Promise<string> {
  const server = await startSlsServer(
    defaultConfig({ databaseUrl: database.url, labMode: false, secretsKey }),
  );
  try {
    return JSON.stringify(server.context.keys.publicKey);
  } finally {
    await server.close();
  }
}

const environmentKey = (value: string): SecretsKeySource => ({
  from: 'environment',
  variable: 'LAB_SECRETS_KEY',
  value,
});

describe("the server's secrets at rest", () => {
  it('keeps them sealed with the given key, and the same identity after a restart with that key', async () => {
    const database = await freshDatabase();
    const key = randomBytes(32);
    const first = await publicKeyWith(database, environmentKey(key.toString('hex')));
    expect(await publicKeyWith(database, environmentKey(key.toString('base64url')))).toBe(first);
    const [row] = await withClient(
      database.url,
      async (client) => (await client.query('SELECT * FROM server_keys')).rows,
    );
    expect(Object.keys(row).sort()).toEqual(['created_at', 'id', 'sealed_secrets', 'sealing_key_id']);
    expect(row.sealing_key_id).toBe(keyIdOf(key));
    expect(row.sealed_secrets.toString('latin1')).not.toMatch(/"d"|signingJwk|nonceSecret/);
  });

  it('says at start that the database was sealed with another key, naming both', async () => {
    const database = await freshDatabase();
    const key = randomBytes(32);
    await publicKeyWith(database, { from: 'run', key });
    const other = randomBytes(32).toString('hex');
    const attempt = publicKeyWith(database, environmentKey(other));
    await expect(attempt).rejects.toBeInstanceOf(SecretsKeyError);
    await expect(attempt).rejects.toThrow(
      `This database's server secrets were sealed with key ${keyIdOf(key)}, not with the key in LAB_SECRETS_KEY (key ${keyIdOf(Buffer.from(other, 'hex'))}): give the key they were sealed with (LAB_SECRETS_KEY or LAB_SECRETS_KEY_FILE), or start on a fresh database.`,
    );
    await expect(publicKeyWith(database, { from: 'run', key: randomBytes(32) })).rejects.toThrow(
      /not with the key made at random for this run/,
    );
  });

  it('refuses a key that is not 32 bytes, saying how to make one', async () => {
    const database = await freshDatabase();
    await expect(publicKeyWith(database, environmentKey('secret'))).rejects.toThrow(
      'LAB_SECRETS_KEY is not a key: give 32 random bytes as 64 hex digits or 43 base64url characters (for example: openssl rand -hex 32).',
    );
  });

  it('refuses a key with more after its 64 hex digits, instead of sealing with the first 32 bytes', async () => {
    const database = await freshDatabase();
    const hex = randomBytes(32).toString('hex');
    await expect(publicKeyWith(database, environmentKey(`${hex} # staging`))).rejects.toThrow(
      'LAB_SECRETS_KEY is not a key: give 32 random bytes as 64 hex digits or 43 base64url characters (for example: openssl rand -hex 32).',
    );
    const path = join(folder, 'two-keys.key');
    await writeFile(path, `${hex}${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    await expect(publicKeyWith(database, { from: 'file', path })).rejects.toThrow(
      `The secrets key file ${path} does not hold a key: it takes 32 random bytes as 64 hex digits (for example: openssl rand -hex 32).`,
    );
  });

  it('makes a key file readable by its owner only at first start, and reads it at the next', async () => {
    const database = await freshDatabase();
    const path = join(folder, 'nested', 'secrets.key');
    const first = await publicKeyWith(database, { from: 'file', path });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(await publicKeyWith(database, { from: 'file', path })).toBe(first);
  });

  it('refuses a key file that others can read, or one that is gone while the database is sealed', async () => {
    const database = await freshDatabase();
    const path = join(folder, 'shared.key');
    await publicKeyWith(database, { from: 'file', path });
    await chmod(path, 0o644);
    await expect(publicKeyWith(database, { from: 'file', path })).rejects.toThrow(
      `The secrets key file ${path} can be read by others (mode 0644): make it private with "chmod 600 ${path}".`,
    );
    await rm(path);
    await expect(publicKeyWith(database, { from: 'file', path })).rejects.toThrow(
      new RegExp(
        `The secrets key file ${path} does not exist, and this database's server secrets were sealed with key [0-9a-f]{16}: put back the file`,
      ),
    );
  });
});
