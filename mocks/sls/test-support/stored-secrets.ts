// What a copy of the database gives away: every value of every column of every table (read from
// the catalogue, so a table or column added later is looked at too), and the columns known to hold
// no usable secret, each with the reason. A column missing from that list fails the test that uses
// it, until someone says why it holds no secret (or hashes or seals it).

import { decodeBase64url, hmacSha256, isBase64url } from '../../../protocol/index.ts';
import { withClient } from './database-fingerprint.ts';

/** table -> column -> why a reader of the database learns nothing they could use to act as someone. */
export const COLUMNS_WITHOUT_SECRETS: Record<string, Record<string, string>> = {
  users: {
    id: 'identifier',
    username: 'the login name, not a credential alone',
    display_name: 'shown to the user',
    password_hash: 'scrypt hash, salted',
    phone: 'where SMS codes go, not a code',
    locale: 'a language',
    created_at: 'a time',
  },
  devices: {
    id: 'identifier; requests are signed with a key only the phone holds',
    user_id: 'identifier',
    state: 'a state',
    public_key: 'public key',
    key_thumbprint: 'hash of the public key',
    apns_token: "the phone's push address; pushes need the provider key, which is not in the database",
    model: 'description',
    os: 'description',
    app_version: 'description',
    biometry: 'description',
    activation_serial: 'identifier (printed in the QR)',
    activated_at: 'a time',
    revoked_at: 'a time',
    key_state: 'a state',
    key_invalidated_at: 'a time',
    revoked_reason: 'a state',
    replaced_by: 'identifier',
    recovery_id: 'identifier; completing a recovery needs the SMS code',
  },
  activations: {
    serial: 'identifier (printed in the QR); enrolling needs the credential too',
    user_id: 'identifier',
    credential_hash: 'SHA-256 of the credential, which is derived from the sealed secret',
    code: 'shown under the QR; no request accepts it',
    state: 'a state',
    outcome: 'a state',
    issued_at: 'a time',
    expires_at: 'a time',
    attempted_at: 'a time',
    device_id: 'identifier',
  },
  login_transactions: {
    txid: 'identifier; answering needs the device key or the challenge/response key',
    user_id: 'identifier',
    device_id: 'identifier',
    challenge: 'shown on the portal; the response needs a key derived from the sealed signing key',
    state: 'a state',
    answered_by: 'a state',
    push_outcome: 'a state',
    push_detail: "APNs's answer",
    cr_failures: 'a count',
    created_at: 'a time',
    expires_at: 'a time',
    answered_at: 'a time',
  },
  portal_sessions: {
    id_hash: 'SHA-256 of the session cookie',
    user_id: 'identifier',
    stage: 'a state',
    csrf_token: 'useless without the session cookie, of which only the hash is stored',
    activation_serial: 'identifier',
    txid: 'identifier',
    created_at: 'a time',
    expires_at: 'a time',
  },
  recoveries: {
    id: 'identifier; completing needs the SMS code',
    user_id: 'identifier',
    purpose: 'a state',
    state: 'a state',
    outcome: 'a state',
    code_hash: 'HMAC of the SMS code with the sealed secret: not searchable offline',
    attempts_left: 'a count',
    phone_hint: 'the last digits of the number',
    sms_sid: "the SMS provider's message id",
    replaces_device_id: 'identifier',
    new_device_id: 'identifier',
    created_at: 'a time',
    expires_at: 'a time',
    completed_at: 'a time',
  },
  audit_events: {
    id: 'a sequence',
    at: 'a time',
    user_id: 'identifier',
    kind: 'a name',
    outcome: 'a state',
    serial: 'identifier',
    txid: 'identifier',
    device_id: 'identifier',
    detail: 'what happened, written without secrets',
  },
  server_keys: {
    id: 'always 1',
    sealing_key_id: 'a hash naming the sealing key, which is kept outside the database',
    sealed_secrets: 'AES-256-GCM with the key kept outside the database',
    created_at: 'a time',
  },
  schema_migrations: {
    version: 'a number',
    name: 'a file name',
    checksum: "hash of the migration's text",
    applied_at: 'a time',
  },
};

export interface StoredValue {
  table: string;
  column: string;
  value: unknown;
}

/** Every value of every column of every table in the public schema. */
export function everyStoredValue(url: string): Promise<StoredValue[]> {
  return withClient(url, async (client) => {
    const tables = (
      await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      )
    ).rows.map((row) => row.table_name);
    const values: StoredValue[] = [];
    for (const table of tables) {
      const { rows, fields } = await client.query(`SELECT * FROM "${table}"`);
      for (const field of fields)
        values.push(...rows.map((row) => ({ table, column: field.name, value: row[field.name] })));
      // A table with no rows still shows its columns, so an unlisted one is noticed.
      if (rows.length === 0)
        for (const field of fields) values.push({ table, column: field.name, value: null });
    }
    return values;
  });
}

/** The columns a copy of the database holds that no one has said are free of secrets. */
export function unexplainedColumns(values: StoredValue[]): string[] {
  const columns = new Set(values.map(({ table, column }) => `${table}.${column}`));
  return [...columns].filter((name) => {
    const [table, column] = name.split('.') as [string, string];
    return COLUMNS_WITHOUT_SECRETS[table]?.[column] === undefined;
  });
}

/** How a value may be written in a column: as text, and for bytes also hex and base64(url). */
function writings(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Buffer.isBuffer(value))
    return [
      value.toString('hex'),
      value.toString('base64'),
      value.toString('base64url'),
      value.toString('latin1'),
    ];
  if (value instanceof Date) return [value.toISOString()];
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/** A secret and how it could be written: itself, and when it is base64url bytes, their hex and base64. */
function secretWritings(secret: string): string[] {
  if (!isBase64url(secret) || secret.length < 16) return [secret];
  const bytes = Buffer.from(decodeBase64url(secret));
  return [secret, bytes.toString('hex'), bytes.toString('base64')];
}

/** Where any of the secrets appears in the stored values, in any writing; [] when nowhere. */
export function whereSecretsAppear(values: StoredValue[], secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    const wanted = secretWritings(secret).map((writing) => writing.toLowerCase());
    // A short code (an SMS code) counts only as a whole number, not inside a hex string or a uuid.
    const shortCode = /^\d{4,8}$/.test(secret)
      ? new RegExp(`(^|[^0-9a-z])${secret}($|[^0-9a-z])`, 'i')
      : undefined;
    for (const { table, column, value } of values) {
      const texts = writings(value).map((text) => text.toLowerCase());
      const hit = shortCode
        ? texts.some((text) => shortCode.test(text))
        : texts.some((text) => wanted.some((writing) => text.includes(writing)));
      if (hit) found.push(`${name} in ${table}.${column}`);
    }
  }
  return found;
}

/**
 * The attack of issue 14 item 6: the server derives each QR's credential as
 * HMAC(secret, "credential|serial"); true when some 32-byte value in the database is that secret.
 */
export async function derivesCredential(
  values: StoredValue[],
  serial: string,
  credential: string,
): Promise<boolean> {
  const expected = Buffer.from(decodeBase64url(credential)).toString('hex');
  for (const { value } of values) {
    const candidates: Buffer[] = [];
    if (Buffer.isBuffer(value)) candidates.push(value);
    if (typeof value === 'string' && isBase64url(value, 32))
      candidates.push(Buffer.from(decodeBase64url(value)));
    if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value))
      for (const text of JSON.stringify(value).match(/[A-Za-z0-9_-]{43}/g) ?? [])
        if (isBase64url(text, 32)) candidates.push(Buffer.from(decodeBase64url(text)));
    for (const candidate of candidates.filter((bytes) => bytes.length === 32)) {
      const derived = Buffer.from(await hmacSha256(new Uint8Array(candidate), `credential|${serial}`));
      if (derived.subarray(0, 20).toString('hex') === expected) return true;
    }
  }
  return false;
}

/** Private JWKs (objects with "d") anywhere in the stored JSON: a server or device private key. */
export function privateKeysStored(values: StoredValue[]): string[] {
  return values
    .filter(
      ({ value }) =>
        typeof value === 'object' &&
        value !== null &&
        !Buffer.isBuffer(value) &&
        !(value instanceof Date) &&
        /"d"\s*:/.test(JSON.stringify(value)),
    )
    .map(({ table, column }) => `${table}.${column}`);
}
