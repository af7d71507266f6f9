// Each test file, worker or lab instance gets a database of its own on the shared store,
// so parallel runs never see each other's rows.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from './migrate.ts';

export interface IsolatedDatabase extends AsyncDisposable {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Creates a fresh, migrated database named after `label`; drop() removes it. */
export async function createIsolatedDatabase(storeUrl: string, label: string): Promise<IsolatedDatabase> {
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const name = `lab_${safeLabel}_${randomBytes(4).toString('hex')}`;
  await withAdmin(storeUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(storeUrl, name);
  try {
    await migrate(url);
  } catch (cause) {
    await dropDatabase(storeUrl, name);
    throw cause;
  }
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await dropDatabase(storeUrl, name);
  };
  return { url, name, drop, [Symbol.asyncDispose]: drop };
}

export function databaseUrl(storeUrl: string, database: string): string {
  const url = new URL(storeUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function dropDatabase(storeUrl: string, name: string): Promise<void> {
  await withAdmin(storeUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withAdmin<T>(storeUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: storeUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
